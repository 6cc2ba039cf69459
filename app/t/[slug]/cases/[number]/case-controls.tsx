'use client';
// Status and assignee of a case.
import { useActionState } from 'react';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import { retryReplyAction, updateCaseAction } from './actions';

export function CaseControls({
  slug,
  number,
  status,
  assigneeId,
  members,
}: {
  slug: string;
  number: number;
  status: 'open' | 'pending' | 'closed';
  assigneeId: string | null;
  members: { userId: string; label: string }[];
}) {
  const [state, action] = useActionState(updateCaseAction, null);
  return (
    <form action={action} className="space-y-3" key={`${status}-${assigneeId}`} data-testid="case-controls">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="number" value={number} />
      <div>
        <label htmlFor="case-status" className="block text-xs font-medium text-slate-700">
          Status
        </label>
        <select
          id="case-status"
          name="status"
          defaultValue={status}
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-2 text-sm"
        >
          <option value="open">Open</option>
          <option value="pending">Pending</option>
          <option value="closed">Closed</option>
        </select>
      </div>
      <div>
        <label htmlFor="case-assignee" className="block text-xs font-medium text-slate-700">
          Assignee
        </label>
        <select
          id="case-assignee"
          name="assigneeId"
          defaultValue={assigneeId ?? ''}
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-2 text-sm"
        >
          <option value="">Unassigned</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <FormError message={state && !state.ok ? state.error : null} />
      <SubmitButton variant="secondary" pendingText="Saving…">
        Save
      </SubmitButton>
      <p className="text-xs text-slate-500">
        Press <kbd className="rounded border px-1">c</kbd> to close the case.
      </p>
    </form>
  );
}

export function RetryButton({ slug, number, messageId }: { slug: string; number: number; messageId: string }) {
  const [state, action] = useActionState(retryReplyAction, null);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="number" value={number} />
      <input type="hidden" name="messageId" value={messageId} />
      <button
        type="submit"
        className="ml-2 rounded border border-red-300 bg-white px-2 py-0.5 text-xs font-medium text-red-800 hover:bg-red-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        Retry
      </button>
      {state && !state.ok ? (
        <span role="alert" className="ml-2 text-xs text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
