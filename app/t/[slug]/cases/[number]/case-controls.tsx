'use client';
// Status, assignee, priority and tags of a case, each saved as soon as it changes (no Save button), and
// "Assign to me".
import { useRouter } from 'next/navigation';
import { useActionState, useState, useTransition } from 'react';
import { rememberClosed } from '../close-undo';
import { CompactField, OptionList, type OptionPairs } from '../compact-field';
import { retryReplyAction, undoReplyAction, updateCaseAction } from './actions';
import { SmallError } from '@/app/_components/form-message';
import { HiddenFields } from '@/app/_components/hidden-fields';
import type { Action } from '@/lib/auth/define-action';
import type { CaseStatus } from '@/lib/cases/case-status';

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
  status: CaseStatus;
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
      <SavedSelect
        id="case-status"
        label="Status"
        value={status}
        options={STATUS_OPTIONS}
        onSave={(v) => save('status', v)}
      />
      <SavedSelect
        id="case-assignee"
        label="Assignee"
        value={assigneeId ?? ''}
        options={[['', 'Unassigned'], ...members.map((m) => [m.userId, m.label] as const)]}
        onSave={(v) => save('assigneeId', v)}
      >
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
      </SavedSelect>
      <SavedSelect
        id="case-priority"
        label="Priority"
        value={priority}
        options={PRIORITY_OPTIONS}
        onSave={(v) => save('priority', v)}
      />
      <CompactField id="case-tags" label="Tags">
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
      </CompactField>
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

type MessageIds = { slug: string; number: number; messageId: string };

/** "Retry" on a reply that failed to send. */
export function RetryButton(ids: MessageIds) {
  return (
    <MessageButton ids={ids} action={retryReplyAction} className="border-red-300 text-red-800 hover:bg-red-50">
      Retry
    </MessageButton>
  );
}

/** "Undo send" on the agent's own reply while it waits out its delay. */
export function UndoSendButton(ids: MessageIds) {
  return (
    <MessageButton ids={ids} action={undoReplyAction} className="border-slate-300 text-slate-800 hover:bg-slate-50">
      Undo send
    </MessageButton>
  );
}

const STATUS_OPTIONS = [
  ['open', 'Open'],
  ['pending', 'Pending'],
  ['closed', 'Closed'],
] as const;
const PRIORITY_OPTIONS = [
  ['urgent', 'Urgent'],
  ['high', 'High'],
  ['normal', 'Normal'],
  ['low', 'Low'],
] as const;

/**
 * A select saved as soon as it changes; `key` remounts it when the saved value changes elsewhere (another
 * agent, the live feed), so the shown value follows the case. `children` go below it (Assign to me).
 */
function SavedSelect({
  id,
  label,
  value,
  options,
  onSave,
  children,
}: {
  id: string;
  label: string;
  value: string;
  options: OptionPairs;
  onSave: (value: string) => void;
  children?: React.ReactNode;
}) {
  return (
    <CompactField id={id} label={label}>
      <select
        id={id}
        key={`${id}-${value}`}
        defaultValue={value}
        onChange={(e) => onSave(e.target.value)}
        className="mt-1 w-full rounded-md border border-slate-300 px-2 py-2 text-sm"
      >
        <OptionList options={options} />
      </select>
      {children}
    </CompactField>
  );
}

/** A one-button form about one message of the case, with the action's error beside it. */
function MessageButton<T>({
  ids,
  action,
  className,
  children,
}: {
  ids: MessageIds;
  action: Action<T>;
  className: string;
  children: React.ReactNode;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="inline">
      <HiddenFields values={{ ...ids, number: String(ids.number) }} />
      <button
        type="submit"
        className={`ml-2 rounded border bg-white px-2 py-0.5 text-xs font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${className}`}
      >
        {children}
      </button>
      <SmallError message={state && !state.ok ? state.error : null} className="ml-2" />
    </form>
  );
}
