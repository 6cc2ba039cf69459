'use client';
import { useActionState } from 'react';
import { SubmitButton } from '@/app/_components/submit-button';
import type { Role } from '@/lib/auth/roles';
import { changeRoleAction, removeMemberAction, revokeInvitationAction } from './actions';

export function MemberControls({
  slug,
  member,
  actorRole,
}: {
  slug: string;
  member: { userId: string; email: string; role: Role };
  actorRole: Role;
}) {
  const [roleState, changeRole] = useActionState(changeRoleAction, null);
  const [removeState, remove] = useActionState(removeMemberAction, null);
  const error =
    (roleState && !roleState.ok ? roleState.error : null) ??
    (removeState && !removeState.ok ? removeState.error : null);
  const locked = member.role === 'owner' && actorRole !== 'owner';
  const selectId = `role-${member.userId}`;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <form action={changeRole} className="flex items-center gap-2">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="userId" value={member.userId} />
          <label htmlFor={selectId} className="sr-only">
            Role for {member.email}
          </label>
          <select
            id={selectId}
            name="role"
            defaultValue={member.role}
            disabled={locked}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
          >
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
            {actorRole === 'owner' || member.role === 'owner' ? <option value="owner">Owner</option> : null}
          </select>
          {locked ? null : <SubmitButton variant="secondary">Save role</SubmitButton>}
        </form>
        {locked ? null : (
          <form action={remove}>
            <input type="hidden" name="slug" value={slug} />
            <input type="hidden" name="userId" value={member.userId} />
            <SubmitButton variant="danger" pendingText="Removing…">
              <span>
                Remove<span className="sr-only"> {member.email}</span>
              </span>
            </SubmitButton>
          </form>
        )}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {roleState?.ok ? (
        <p role="status" className="text-xs text-emerald-700">
          Role saved.
        </p>
      ) : null}
    </div>
  );
}

export function RevokeInvitationButton({ slug, invitationId }: { slug: string; invitationId: string }) {
  const [state, revoke] = useActionState(revokeInvitationAction, null);
  return (
    <form action={revoke} className="flex items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="invitationId" value={invitationId} />
      {state && !state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.error}
        </span>
      ) : null}
      <SubmitButton variant="danger" pendingText="Revoking…">
        Revoke
      </SubmitButton>
    </form>
  );
}
