import type { Metadata } from 'next';
import { withTenant } from '@/db/tenancy';
import { formatDate } from '@/app/_components/format-date';
import { requireTenant } from '@/lib/auth/require-tenant';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { listPendingInvitations } from '@/lib/members/list-invitations';
import { listMembers } from '@/lib/members/list-members';
import { InviteForm } from './invite-form';
import { MemberControls, RevokeInvitationButton } from './member-controls';
import { TableHead } from '@/app/_components/table-head';
import { Section } from '@/app/_components/section';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, role, user } = await requireTenant(slug, { role: MANAGE_ROLE });
  const [members, invitations] = await withTenant(
    tenant.id,
    async (tx) => [await listMembers(tx), await listPendingInvitations(tx)] as const,
  );
  return (
    <div className="max-w-4xl space-y-10">
      <header>
        <h1 className="text-2xl font-semibold">Members</h1>
        <p className="mt-1 text-sm text-slate-600">
          Owners and admins manage members, mailboxes, webhooks and API keys. Agents work cases.
        </p>
      </header>

      <Section id="members" title={`People (${members.length})`}>
        <table className="mt-3 w-full border-collapse overflow-hidden rounded-lg bg-white text-sm shadow-sm">
          <TableHead
            className="bg-slate-100 text-left text-slate-600"
            cellClassName="px-4 py-2 font-medium"
            columns={['Email', 'Joined', 'Role']}
          />
          <tbody>
            {members.map((m) => (
              <tr key={m.userId} className="border-t border-slate-200 align-top" data-testid="member-row">
                <td className="px-4 py-3">
                  {m.email}
                  {m.userId === user.id ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
                </td>
                <td className="px-4 py-3 text-slate-600">{formatDate(m.joinedAt)}</td>
                <td className="px-4 py-3">
                  <MemberControls
                    slug={tenant.slug}
                    member={{ userId: m.userId, email: m.email, role: m.role }}
                    actorRole={role}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section id="invite" title="Invite someone">
        <p className="mt-1 text-sm text-slate-600">
          Creates a link that works once and expires after 7 days. Send it to the person yourself.
        </p>
        <InviteForm slug={tenant.slug} canInviteOwners={role === 'owner'} />
      </Section>

      {invitations.length > 0 ? (
        <Section id="pending" title="Pending invitations">
          <ul className="mt-3 divide-y divide-slate-200 rounded-lg bg-white text-sm shadow-sm">
            {invitations.map((i) => (
              <li key={i.id} className="flex items-center justify-between px-4 py-3">
                <span>
                  {i.role} · created {formatDate(i.createdAt)} · expires {formatDate(i.expiresAt)}
                </span>
                <RevokeInvitationButton slug={tenant.slug} invitationId={i.id} />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </div>
  );
}
