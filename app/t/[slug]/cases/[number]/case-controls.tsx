'use client';
// Status, assignee, priority and tags of a case, each saved as soon as it changes (no Save button), and
// "Assign to me".
import { useRouter } from 'next/navigation';
import { useActionState, useState, useTransition } from 'react';
import { rememberClosed } from '../close-undo';
import { retryReplyAction, undoReplyAction, updateCaseAction } from './actions';

export function CaseControls({
  slug,
  number,
  status,
  assigneeId,
  priority,
  tags,
  members,
  currentUserId,
}: {
  slug: string;
  number: number;
  status: 'open' | 'pending' | 'closed';
  assigneeId: string | null;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  tags: string[];
  members: { userId: string; label: string }[];
  currentUserId: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [tagText, setTagText] = useState(tags.join(', '));
  const [shownTags, setShownTags] = useState(tags);
  if (shownTags !== tags) {
    setShownTags(tags);
    setTagText(tags.join(', '));
  }

  const save = (field: string, value: string) => {
    const fd = new FormData();
    fd.set('slug', slug);
    fd.set('number', String(number));
    fd.set(field, value);
    setMessage(null);
    startTransition(async () => {
      const result = await updateCaseAction(null, fd);
      if (result?.ok && field === 'status' && value === 'closed') rememberClosed(slug, number, status);
      if (result?.ok) {
        setMessage({ ok: true, text: 'Saved.' });
        router.refresh();
      } else setMessage({ ok: false, text: result?.error ?? 'Not saved; try again.' });
    });
  };
  const saveTags = () => {
    const next = tagText
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean);
    if (next.join(',') !== tags.join(',')) save('tags', next.join(','));
  };

  return (
    <div className="space-y-3" data-testid="case-controls" aria-busy={pending}>
      <div>
        <label htmlFor="case-status" className="block text-xs font-medium text-slate-700">
          Status
        </label>
        <select
          id="case-status"
          key={`status-${status}`}
          defaultValue={status}
          onChange={(e) => save('status', e.target.value)}
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
          key={`assignee-${assigneeId}`}
          defaultValue={assigneeId ?? ''}
          onChange={(e) => save('assigneeId', e.target.value)}
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-2 text-sm"
        >
          <option value="">Unassigned</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.label}
            </option>
          ))}
        </select>
        {assigneeId !== currentUserId ? (
          <button
            type="button"
            onClick={() => save('assigneeId', 'me')}
            disabled={pending}
            className="mt-1 text-sm font-medium text-indigo-700 hover:underline"
          >
            Assign to me
          </button>
        ) : null}
      </div>
      <div>
        <label htmlFor="case-priority" className="block text-xs font-medium text-slate-700">
          Priority
        </label>
        <select
          id="case-priority"
          key={`priority-${priority}`}
          defaultValue={priority}
          onChange={(e) => save('priority', e.target.value)}
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-2 text-sm"
        >
          <option value="urgent">Urgent</option>
          <option value="high">High</option>
          <option value="normal">Normal</option>
          <option value="low">Low</option>
        </select>
      </div>
      <div>
        <label htmlFor="case-tags" className="block text-xs font-medium text-slate-700">
          Tags
        </label>
        <input
          id="case-tags"
          value={tagText}
          onChange={(e) => setTagText(e.target.value)}
          onBlur={saveTags}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              saveTags();
            }
          }}
          placeholder="billing, vip"
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        />
        <p className="mt-1 text-xs text-slate-500">Comma-separated; saved on Enter or when you leave the field.</p>
      </div>
      <p
        role={message && !message.ok ? 'alert' : 'status'}
        className={`min-h-5 text-sm ${message?.ok ? 'text-emerald-800' : 'text-red-700'}`}
        data-testid="case-controls-message"
      >
        {pending ? 'Saving…' : (message?.text ?? '')}
      </p>
      <p className="text-xs text-slate-500">
        Press <kbd className="rounded border px-1">c</kbd> to close the case and go to the next one.
      </p>
    </div>
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

/** "Undo send" on the agent's own reply while it waits out its delay. */
export function UndoSendButton({ slug, number, messageId }: { slug: string; number: number; messageId: string }) {
  const [state, action] = useActionState(undoReplyAction, null);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="number" value={number} />
      <input type="hidden" name="messageId" value={messageId} />
      <button
        type="submit"
        className="ml-2 rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        Undo send
      </button>
      {state && !state.ok ? (
        <span role="alert" className="ml-2 text-xs text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
