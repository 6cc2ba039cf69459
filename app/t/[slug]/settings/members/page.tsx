import type { Metadata } from 'next';
import { ActionButtonForm } from '@/app/_components/action-button-form';
import { formatDate } from '@/app/_components/format-date';
import { PageHeader } from '@/app/_components/page-header';
import { Section } from '@/app/_components/section';
import { CardTable } from '@/app/_components/table-head';
import { listPendingInvitations } from '@/lib/members/list-invitations';
import { listMembers } from '@/lib/members/list-members';
import { InviteForm } from './invite-form';
import { loadManagerPage } from '../load-manager-page';
import { revokeInvitationAction } from './actions';
import { MemberControls } from './member-controls';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const {
    tenant,
    role,
    user,
    data: [members, invitations],
  } = await loadManagerPage(params, async (tx) => [await listMembers(tx), await listPendingInvitations(tx)] as const);
  return (
    <div className="max-w-4xl space-y-10">
      <PageHeader title="Members">
        Owners and admins manage members, mailboxes, webhooks and API keys. Agents work cases.
      </PageHeader>

      <Section id="members" title={`People (${members.length})`}>
        <CardTable columns={['Email', 'Joined', 'Role']}>
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
        </CardTable>
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
                <ActionButtonForm
                  action={revokeInvitationAction}
                  fields={{ slug: tenant.slug, invitationId: i.id }}
                  pendingText="Revoking…"
                >
                  Revoke
                </ActionButtonForm>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </div>
  );
}
