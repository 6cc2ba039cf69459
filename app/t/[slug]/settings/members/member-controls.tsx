'use client';
import { useActionState } from 'react';
import { ActionButtonForm } from '@/app/_components/action-button-form';
import { ActionFeedback } from '@/app/_components/form-message';
import { HiddenFields } from '@/app/_components/hidden-fields';
import { SubmitButton } from '@/app/_components/submit-button';
import type { Role } from '@/lib/auth/roles';
import { changeRoleAction, removeMemberAction } from './actions';

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
  const locked = member.role === 'owner' && actorRole !== 'owner';
  const selectId = `role-${member.userId}`;
  const fields = { slug, userId: member.userId };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <form action={changeRole} className="flex items-center gap-2">
          <HiddenFields values={fields} />
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
          <ActionButtonForm action={removeMemberAction} fields={fields} about={member.email} pendingText="Removing…">
            Remove
          </ActionButtonForm>
        )}
      </div>
      <ActionFeedback state={roleState} success="Role saved." />
    </div>
  );
}
