import type { Metadata } from 'next';
import Link from 'next/link';
import { withTenant } from '@/db/tenancy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { hasRole, MANAGE_ROLE } from '@/lib/auth/roles';
import type { CaseView } from '@/lib/cases/queries/case-view';
import { loadHome, type HomeSection } from '@/lib/workspace/load-home';
import { recordHomeVisit } from '@/lib/workspace/record-home-visit';
import { DisplayText, LIST_TEXT_MAX } from '@/app/_components/display-text';
import { RelativeTime } from '@/app/_components/relative-time';
import { StatusBadge } from '@/app/_components/status-badge';
import { NeedsReauthBanner } from './settings/mailboxes/_components/oauth-panel';

export const metadata: Metadata = { title: 'Home' };

export default async function TenantHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, role, user } = await requireTenant(slug);
  const canManage = hasRole(role, MANAGE_ROLE);
  const home = await withTenant(tenant.id, async (tx) => {
    const since = await recordHomeVisit(tx, { tenantId: tenant.id, userId: user.id });
    return loadHome(tx, { userId: user.id, since });
  });
  const base = `/t/${tenant.slug}`;
  const nothingYet = home.mailboxCount === 0 && home.myOpen.count === 0 && home.unassigned.count === 0;
  const sections = [
    {
      id: 'mine',
      title: 'My open cases',
      section: home.myOpen,
      href: `${base}/cases?view=mine`,
      empty: 'Nothing assigned to you is open.',
    },
    {
      id: 'unassigned',
      title: 'Unassigned',
      section: home.unassigned,
      href: `${base}/cases?view=unassigned`,
      empty: 'Every open case has someone.',
    },
    {
      id: 'new',
      title: home.newSince.since ? 'New since your last visit' : 'New in the last 24 hours',
      section: home.newSince,
      href: `${base}/cases?view=all`,
      empty: 'No new cases.',
    },
  ];

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{tenant.name}</h1>
      {/* OAuth mailboxes whose grant died: the owner is told here too. */}
      <div className="empty:hidden">
        <NeedsReauthBanner slug={tenant.slug} />
      </div>

      {home.mailboxes.length ? (
        <section
          className="rounded-lg border border-amber-300 bg-amber-50 p-4"
          aria-labelledby="home-attention"
          data-testid="home-attention"
        >
          <h2 id="home-attention" className="text-sm font-semibold text-amber-900">
            Mailboxes needing attention
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {home.mailboxes.map((m) => (
              <li key={m.id}>
                <Link
                  href={canManage ? `${base}/settings/mailboxes/${m.id}` : `${base}/cases`}
                  className="font-medium text-amber-900 underline"
                >
                  {m.email}
                </Link>{' '}
                {m.state === 'needs_reauth'
                  ? `— needs to be authorized again${m.lastError ? `: ${m.lastError}` : '.'}`
                  : m.state === 'error'
                    ? `— stopped with an error${m.lastError ? `: ${m.lastError}` : '.'}`
                    : null}
                {m.credentials.map((c) => (
                  <span key={c.kind} className="block text-amber-900" data-testid="home-credential-warning">
                    {c.text} {c.advice}
                  </span>
                ))}
                {m.quarantined ? (
                  <span data-testid="home-review-count">
                    {' '}
                    {m.quarantined} {m.quarantined === 1 ? 'message waits' : 'messages wait'} for review.
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {nothingYet ? (
        <section className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
          <h2 className="text-lg font-semibold">No cases yet</h2>
          {canManage ? (
            <>
              <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
                Connect a support mailbox and every new email becomes a case; replies join their case automatically.
              </p>
              <Link
                href={`${base}/settings/mailboxes`}
                className="mt-6 inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
              >
                Connect a mailbox
              </Link>
            </>
          ) : (
            <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
              Cases appear here once an owner or admin connects a mailbox.
            </p>
          )}
        </section>
      ) : (
        <div className="grid gap-4 lg:grid-cols-3">
          {sections.map((section) => (
            <HomeCases key={section.id} slug={tenant.slug} {...section} />
          ))}
        </div>
      )}
    </div>
  );
}

function HomeCases({
  id,
  title,
  section,
  href,
  slug,
  empty,
}: {
  id: string;
  title: string;
  section: HomeSection;
  href: string;
  slug: string;
  empty: string;
}) {
  return (
    <section className="rounded-lg bg-white p-4 shadow-sm" aria-labelledby={`home-${id}`} data-testid={`home-${id}`}>
      <h2 id={`home-${id}`} className="flex items-baseline justify-between gap-2 text-sm font-semibold">
        <Link href={href} className="hover:underline">
          {title}
        </Link>
        <span className="rounded-full bg-slate-100 px-2 text-xs text-slate-700" data-testid={`home-${id}-count`}>
          {section.count}
        </span>
      </h2>
      {section.items.length ? (
        <ul className="mt-3 space-y-2">
          {section.items.map((c) => (
            <HomeCaseItem key={c.number} c={c} slug={slug} />
          ))}
        </ul>
      ) : (
        <p className="mt-3 text-sm text-slate-500">{empty}</p>
      )}
      {section.count > section.items.length ? (
        <Link href={href} className="mt-3 inline-block text-sm text-indigo-700 underline">
          All {section.count} →
        </Link>
      ) : null}
    </section>
  );
}

function HomeCaseItem({ c, slug }: { c: CaseView; slug: string }) {
  return (
    <li className="text-sm">
      <Link href={`/t/${slug}/cases/${c.number}`} className="block rounded hover:bg-slate-50">
        <span className="flex items-center gap-2">
          <span className="tabular-nums text-slate-500">#{c.number}</span>
          <span className="min-w-0 flex-1 truncate font-medium text-slate-900">
            <DisplayText text={c.subject} max={LIST_TEXT_MAX} />
          </span>
          <StatusBadge status={c.status} />
        </span>
        <span className="block truncate text-xs text-slate-500">
          {c.requester.name || c.requester.email} · <RelativeTime iso={c.lastActivityAt} />
        </span>
      </Link>
    </li>
  );
}
