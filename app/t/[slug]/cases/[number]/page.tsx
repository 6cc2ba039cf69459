import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound, permanentRedirect } from 'next/navigation';
import { after } from 'next/server';
import { cache } from 'react';
import { withTenant } from '@/db/tenancy';
import { appOrigin } from '@/app/_lib/app-origin';
import { formatDate } from '@/app/_components/format-date';
import { StatusBadge } from '@/app/_components/status-badge';
import { requireTenant } from '@/lib/auth/require-tenant';
import { isAppError } from '@/lib/errors';
import type { CaseStatus } from '@/lib/cases/case-status';
import { findAdjacentCases } from '@/lib/cases/find-adjacent-cases';
import { listRequesterCases } from '@/lib/cases/list-requester-cases';
import { listOrganizationCasesForCase } from '@/lib/contacts/list-organization-cases-for-case';
import { caseContactId } from '@/lib/contacts/case-contact';
import { replyAllRecipients } from '@/lib/cases/reply-all-recipients';
import { getCaseByNumber } from '@/lib/cases/queries/get-case';
import { listMailboxes } from '@/lib/mailboxes/list-mailboxes';
import { listMembers } from '@/lib/members/list-members';
import { listCannedReplies } from '@/lib/workspace/canned-replies';
import { markCaseRead } from '@/lib/workspace/mark-case-read';
import { PriorityChip, TagChip } from '../(list)/triage-rows';
import { Composer } from './composer';
import { MergeForm } from './merge-form';
import { renderHistoryEntries } from './history-entries';
import { LiveCaseControls, LiveCaseProvider, LiveHistory, LiveStatusBadge } from './live-case';
import { DisplayText, displayString, HEADING_TEXT_MAX, LIST_TEXT_MAX } from '@/app/_components/display-text';

type Params = { slug: string; number: string };

const loadCase = cache(async (slug: string, number: string) => {
  const ctx = await requireTenant(slug);
  if (!/^[1-9][0-9]{0,14}$/.test(number)) notFound();
  try {
    const found = await withTenant(ctx.tenant.id, async (tx) => {
      const c = await getCaseByNumber(tx, Number(number), { forDisplay: true });
      const [members, mailboxes, others, adjacent, replyAllCc, canned, contactId, organization] = [
        await listMembers(tx),
        await listMailboxes(tx),
        await listRequesterCases(tx, { email: c.requester.email, exceptCaseId: c.id }),
        await findAdjacentCases(tx, { id: c.id, lastActivityAt: c.lastActivityAt }),
        await replyAllRecipients(tx, { caseId: c.id, requesterEmail: c.requester.email }),
        await listCannedReplies(tx),
        await caseContactId(tx, c.id),
        await listOrganizationCasesForCase(tx, { caseId: c.id }),
      ];
      return { c, members, mailboxes, others, adjacent, replyAllCc, canned, contactId, organization };
    });
    return { ctx, ...found };
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') {
      // A merged case's number leads to the case it joined.
      const into = err.details?.mergedInto;
      if (typeof into === 'number') permanentRedirect(`/t/${slug}/cases/${into}`);
      notFound();
    }
    throw err;
  }
});

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { slug, number } = await params;
  const { c } = await loadCase(slug, number);
  return { title: `#${c.number} ${displayString(c.subject, LIST_TEXT_MAX)}` };
}

export default async function CasePage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug, number } = await params;
  const sp = await searchParams;
  const { ctx, c, members, mailboxes, others, adjacent, replyAllCc, canned, contactId, organization } = await loadCase(
    slug,
    number,
  );
  // Opening the case reads its customer mail for this agent (the list's unread marker clears): written
  // after the page is sent, so a page view never waits for a write. A link prefetch is not an opening.
  if (!(await headers()).get('next-router-prefetch'))
    after(() =>
      withTenant(ctx.tenant.id, (tx) =>
        markCaseRead(tx, { tenantId: ctx.tenant.id, userId: ctx.user.id, caseId: c.id }),
      ),
    );
  const tenantSlug = ctx.tenant.slug;
  const origin = await appOrigin();
  const showImagesFor = new Set(
    String(sp.images ?? '')
      .split(',')
      .filter(Boolean),
  );
  const memberLabel = new Map(members.map((m) => [m.userId, m.name || m.email]));
  const mailbox = mailboxes.find((m) => m.id === c.mailboxId);
  const base = `/t/${tenantSlug}/cases`;
  const nextHref = adjacent.next ? `${base}/${adjacent.next}` : null;
  const previousHref = adjacent.previous ? `${base}/${adjacent.previous}` : null;
  const entries = renderHistoryEntries(
    {
      tenantId: ctx.tenant.id,
      slug: tenantSlug,
      number: c.number,
      origin,
      memberLabel,
      showImagesFor,
      currentUserId: ctx.user.id,
    },
    c.messages,
  );

  return (
    <LiveCaseProvider slug={tenantSlug} number={c.number} status={c.status} assigneeId={c.assigneeId} entries={entries}>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="min-w-0 space-y-5">
          <nav aria-label="Breadcrumb" className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <Link href={base} className="text-indigo-700 underline">
              ← All cases
            </Link>
            <span className="flex gap-3">
              {previousHref ? (
                <Link href={previousHref} className="text-indigo-700 underline" aria-keyshortcuts="k">
                  Newer (k)
                </Link>
              ) : null}
              {nextHref ? (
                <Link href={nextHref} className="text-indigo-700 underline" aria-keyshortcuts="j">
                  Older (j)
                </Link>
              ) : null}
            </span>
          </nav>
          <header>
            <h1 className="break-words text-xl font-semibold sm:text-2xl" data-testid="case-title">
              <span className="text-slate-500">#{c.number}</span>{' '}
              <DisplayText text={c.subject} max={HEADING_TEXT_MAX} />
            </h1>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
              <LiveStatusBadge />
              {c.imported ? <span className="rounded bg-slate-100 px-1.5 text-xs">imported</span> : null}
              <span>Opened {formatDate(new Date(c.createdAt))}</span>
              {mailbox ? <span>via {mailbox.email}</span> : null}
              {c.priority !== 'normal' ? <PriorityChip priority={c.priority} /> : null}
              {c.tags.map((t) => (
                <TagChip key={t} tag={t} href={`${base}?view=all&tag=${encodeURIComponent(t)}`} />
              ))}
            </p>
          </header>

          <LiveHistory />

          <Composer
            slug={tenantSlug}
            number={c.number}
            canReply={Boolean(mailbox)}
            replyTo={c.requester.email}
            replyAllCc={replyAllCc}
            canned={canned}
            cannedContext={{
              requester: c.requester,
              caseNumber: c.number,
              subject: c.subject,
              agentName: ctx.user.name || ctx.user.email,
            }}
            nextHref={nextHref}
            previousHref={previousHref}
            status={c.status}
          />
        </div>

        <aside className="space-y-6" aria-label="Case details">
          <section className="rounded-lg bg-white p-4 shadow-sm">
            <h2 className="mb-3 text-sm font-semibold">Case</h2>
            <LiveCaseControls
              members={members.map((m) => ({ userId: m.userId, label: m.name || m.email }))}
              priority={c.priority}
              tags={c.tags}
              currentUserId={ctx.user.id}
            />
          </section>
          <section className="rounded-lg bg-white p-4 shadow-sm" data-testid="requester-panel">
            <h2 className="text-sm font-semibold">Requester</h2>
            {c.requester.name ? (
              <p className="mt-2 break-words text-sm">
                <DisplayText text={c.requester.name} max={LIST_TEXT_MAX} />
              </p>
            ) : null}
            <p className="break-all text-sm text-slate-600">{c.requester.email}</p>
            {contactId ? (
              <p className="mt-1 text-sm">
                <Link href={`/t/${tenantSlug}/contacts/${contactId}`} className="text-indigo-700 underline">
                  Contact page
                </Link>
              </p>
            ) : null}
            <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">
              Other cases ({others.total - 1})
            </h3>
            <SideCaseList base={base} items={others.items} empty="This is their only case." />
            {organization ? (
              <div data-testid="organization-cases">
                <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">
                  <Link href={`/t/${tenantSlug}/organizations/${organization.organization.id}`} className="underline">
                    <DisplayText text={organization.organization.name} max={LIST_TEXT_MAX} />
                  </Link>{' '}
                  : other people&rsquo;s cases ({organization.total})
                </h3>
                <SideCaseList
                  base={base}
                  items={organization.items}
                  empty="No one else from this organisation has written yet."
                />
              </div>
            ) : null}
          </section>
          <MergeForm
            slug={tenantSlug}
            number={c.number}
            suggestions={others.items.map((o) => ({
              number: o.number,
              subject: displayString(o.subject, LIST_TEXT_MAX),
            }))}
          />
        </aside>
      </div>
    </LiveCaseProvider>
  );
}

/** The requester panel's short lists of other cases (theirs, their organisation's): number, subject, status. */
function SideCaseList({
  base,
  items,
  empty,
}: {
  base: string;
  items: { number: number; subject: string; status: CaseStatus }[];
  empty: string;
}) {
  if (!items.length) return <p className="mt-2 text-sm text-slate-500">{empty}</p>;
  return (
    <ul className="mt-2 space-y-2">
      {items.map((o) => (
        <li key={o.number} className="text-sm">
          <Link href={`${base}/${o.number}`} className="break-words text-indigo-700 underline">
            #{o.number} <DisplayText text={o.subject} max={LIST_TEXT_MAX} />
          </Link>{' '}
          <StatusBadge status={o.status} />
        </li>
      ))}
    </ul>
  );
}
