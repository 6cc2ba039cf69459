import Link from 'next/link';
import { withSystem } from '@/db/tenancy';
import { listUserTenants } from '@/lib/auth/list-user-tenants';
import { requireTenant } from '@/lib/auth/require-tenant';
import { hasRole, MANAGE_ROLE } from '@/lib/auth/roles';
import { SignOutForm } from '@/app/(auth)/sign-out-form';
import { SidebarNav } from './sidebar-nav';
import { TenantSwitcher } from './tenant-switcher';
import { CloseUndoNotice } from './cases/close-undo';
import { UnreadTitle } from './unread-title';
import { WorkspaceKeys } from './workspace-keys';

export default async function TenantLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { tenant, role, user } = await requireTenant(slug);
  const tenants = await withSystem((tx) => listUserTenants(tx, { userId: user.id }));
  const base = `/t/${tenant.slug}`;
  const canManage = hasRole(role, MANAGE_ROLE);
  const links = [
    { href: `${base}/cases`, label: 'Cases' },
    { href: `${base}/review`, label: 'Review' },
    { href: `${base}/contacts`, label: 'Contacts' },
    { href: `${base}/organizations`, label: 'Organizations' },
    { href: `${base}/settings/replies`, label: 'Replies' },
    ...(canManage
      ? [
          { href: `${base}/settings/mailboxes`, label: 'Mailboxes' },
          { href: `${base}/settings/rules`, label: 'Rules' },
          { href: `${base}/settings/senders`, label: 'Sender lists' },
          { href: `${base}/settings/webhooks`, label: 'Webhooks' },
          { href: `${base}/settings/members`, label: 'Members' },
          { href: `${base}/settings/api-keys`, label: 'API keys' },
        ]
      : []),
  ];
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <aside className="flex w-full shrink-0 flex-col border-b border-slate-200 bg-white md:w-60 md:border-b-0 md:border-r">
        <div className="border-b border-slate-200 px-4 py-2 md:p-4">
          <TenantSwitcher
            current={{ name: tenant.name, slug: tenant.slug }}
            tenants={tenants.map((t) => ({ name: t.name, slug: t.slug }))}
          />
        </div>
        <SidebarNav home={base} links={links} />
        <div className="mt-auto flex items-center gap-4 border-t border-slate-200 px-4 py-1.5 text-sm md:block md:p-4">
          <p className="hidden truncate text-slate-700 md:block" title={user.email}>
            {user.name || user.email}
          </p>
          <p className="hidden text-xs text-slate-500 md:block">Role: {role}</p>
          <Link href="/account" className="block text-sm text-indigo-700 hover:underline md:mt-2">
            Your account
          </Link>
          <UnreadTitle slug={tenant.slug} />
          <SignOutForm look="link" className="md:mt-3" />
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 px-4 py-3 md:px-8 md:py-8">
        {children}
      </main>
      <WorkspaceKeys casesHref={`${base}/cases`} />
      <CloseUndoNotice slug={tenant.slug} />
    </div>
  );
}
