'use client';
// Reply by email (to the requester, with everyone else on the thread copied unless "Reply all" is
// unticked; "Send and set Pending / Closed"), forward the customer's latest message to someone else, or add
// an internal note, plus the case page's keyboard shortcuts: r reply, f forward, n note, c close and go to the
// next case, j next (older) case, k previous (newer) case.
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, useState, useTransition } from 'react';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  MAX_ATTACHMENTS_TOTAL_BYTES,
} from '@/lib/cases/outgoing-attachment-limits';
import { renderCannedReply, type CannedContext } from '@/lib/workspace/render-canned-reply';
import { rememberClosed } from '../close-undo';
import { isTyping } from '../list-shortcuts';
import { addNoteAction, replyAction, updateCaseAction } from './actions';
import { CollisionNotice, useAnnounceReplying } from './collision-notice';

type Mode = 'reply' | 'forward' | 'note';

export function Composer({
  slug,
  number,
  canReply,
  replyTo,
  replyAllCc,
  nextHref,
  previousHref,
  status,
  canned,
  cannedContext,
}: {
  slug: string;
  number: number;
  canReply: boolean;
  replyTo: string;
  /** Who reply-all copies (the thread's other people, never our own mailboxes). */
  replyAllCc: string[];
  nextHref: string | null;
  previousHref: string | null;
  status: string;
  /** The workspace's canned replies, inserted with the picker or `/` in an empty box. */
  canned: { id: string; name: string; body: string }[];
  cannedContext: CannedContext;
}) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>(canReply ? 'reply' : 'note');
  const [replyState, reply] = useActionState(replyAction, null);
  const [noteState, note] = useActionState(addNoteAction, null);
  const [, startClose] = useTransition();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const pickerRef = useRef<HTMLSelectElement>(null);
  const announceReplying = useAnnounceReplying(slug, number);

  // The snippet goes where the cursor is, its placeholders filled for this case.
  const insertCanned = (id: string) => {
    const reply = canned.find((c) => c.id === id);
    const box = textRef.current;
    if (!reply || !box) return;
    const text = renderCannedReply(reply.body, cannedContext);
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? start;
    box.value = box.value.slice(0, start) + text + box.value.slice(end);
    box.focus();
    box.setSelectionRange(start + text.length, start + text.length);
  };
  const state = mode === 'note' ? noteState : replyState;

  // A sent reply or note empties the box (the history shows it).
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      const focus = (m: Mode) => {
        e.preventDefault();
        setMode(m);
        setTimeout(() => textRef.current?.focus(), 0);
      };
      if (e.key === 'r' && canReply) focus('reply');
      else if (e.key === 'f' && canReply) focus('forward');
      else if (e.key === 'n') focus('note');
      else if (e.key === 'c' && status !== 'closed') {
        e.preventDefault();
        // Close, then straight on to the next case (the triage flow); the last case stays open on screen.
        const fd = new FormData();
        fd.set('slug', slug);
        fd.set('number', String(number));
        fd.set('status', 'closed');
        startClose(async () => {
          const result = await updateCaseAction(null, fd);
          if (result?.ok) rememberClosed(slug, number, status);
          if (result?.ok && nextHref) router.push(nextHref);
          else router.refresh();
        });
      } else if (e.key === 'j' && nextHref) router.push(nextHref);
      else if (e.key === 'k' && previousHref) router.push(previousHref);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canReply, nextHref, previousHref, router, status, slug, number]);

  const tab = (m: Mode, label: string, key: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={mode === m}
      aria-controls="composer-panel"
      id={`composer-tab-${m}`}
      onClick={() => setMode(m)}
      disabled={m !== 'note' && !canReply}
      className={`rounded-t-md px-3 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50 ${
        mode === m
          ? m === 'note'
            ? 'bg-amber-50 font-medium text-amber-900'
            : 'bg-white font-medium text-indigo-800'
          : 'text-slate-600 hover:text-slate-900'
      }`}
    >
      {label} <kbd className="ml-1 rounded border border-slate-300 px-1 text-xs text-slate-500">{key}</kbd>
    </button>
  );

  return (
    <section aria-label="Reply or add a note" className="space-y-1 rounded-lg bg-slate-100 p-1">
      <CollisionNotice slug={slug} number={number} />
      <div role="tablist" aria-label="Composer" className="flex gap-1">
        {tab('reply', 'Reply', 'r')}
        {tab('forward', 'Forward', 'f')}
        {tab('note', 'Internal note', 'n')}
      </div>
      <form
        ref={formRef}
        id="composer-panel"
        role="tabpanel"
        aria-labelledby={`composer-tab-${mode}`}
        action={mode === 'note' ? note : reply}
        className={`space-y-3 rounded-b-md rounded-tr-md p-3 ${mode === 'note' ? 'bg-amber-50' : 'bg-white'}`}
        data-testid="composer"
      >
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="number" value={number} />
        {mode === 'forward' ? (
          <>
            <div>
              <label htmlFor="forward-to" className="block text-xs font-medium text-slate-700">
                Forward to
              </label>
              <input
                id="forward-to"
                name="forwardTo"
                type="email"
                required
                autoComplete="off"
                placeholder="colleague@partner.example"
                className="mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
              />
              <p className="mt-1 text-xs text-slate-600">
                The customer’s latest message and its files go below your text, from the case’s mailbox.
              </p>
            </div>
          </>
        ) : null}
        {mode === 'reply' ? (
          <>
            <p className="text-xs text-slate-600">
              To <span className="font-medium">{replyTo}</span> — sent by email from the case’s mailbox.
            </p>
            {replyAllCc.length ? (
              <label className="flex items-start gap-2 text-xs text-slate-700" data-testid="reply-all">
                <input type="checkbox" name="replyAll" defaultChecked className="mt-0.5" />
                <span>
                  Reply all: also Cc <span className="font-medium">{replyAllCc.join(', ')}</span>
                </span>
              </label>
            ) : null}
            <div>
              <label htmlFor="reply-cc" className="block text-xs font-medium text-slate-700">
                {replyAllCc.length ? 'More Cc (optional)' : 'Cc (optional)'}
              </label>
              <input
                id="reply-cc"
                name="cc"
                type="text"
                inputMode="email"
                autoComplete="off"
                placeholder="name@example.com, other@example.com"
                className="mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
              />
            </div>
          </>
        ) : mode === 'note' ? (
          <p className="text-xs text-amber-900">Only people in this workspace see notes. Nothing is emailed.</p>
        ) : null}
        <div>
          <label htmlFor="composer-text" className="sr-only">
            {{ reply: 'Reply text', forward: 'Text above the forwarded message', note: 'Note text' }[mode]}
          </label>
          <textarea
            ref={textRef}
            id="composer-text"
            name="text"
            required
            rows={6}
            key={mode}
            placeholder={
              mode === 'reply'
                ? `Write your reply…${canned.length ? ' (/ for a canned reply)' : ''}`
                : mode === 'forward'
                  ? 'A few words for them…'
                  : 'Write a note for your team…'
            }
            onInput={() => {
              if (mode === 'reply') announceReplying();
            }}
            onKeyDown={(e) => {
              if (e.key === '/' && !e.currentTarget.value && canned.length) {
                e.preventDefault();
                pickerRef.current?.focus();
              }
            }}
            className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
          />
          {canned.length ? (
            <select
              ref={pickerRef}
              aria-label="Insert a canned reply"
              value=""
              onChange={(e) => insertCanned(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') textRef.current?.focus();
              }}
              className="mt-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
              data-testid="canned-picker"
            >
              <option value="">Insert canned reply…</option>
              {canned.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          ) : null}
        </div>
        <AttachmentPicker key={`files-${mode}`} />
        <FormError message={state && !state.ok ? state.error : null} />
        {state?.ok ? (
          <p role="status" className="text-sm text-emerald-800">
            {mode === 'note'
              ? 'Note added.'
              : `${mode === 'reply' ? 'Reply' : 'Forward'} queued: it goes out in a few seconds (Undo send in the history until then).`}
          </p>
        ) : null}
        <div className="flex flex-wrap justify-end gap-2">
          {mode === 'reply' ? (
            <>
              <SubmitButton variant="secondary" name="thenStatus" value="pending" pendingText="Queuing…">
                Send and set Pending
              </SubmitButton>
              <SubmitButton variant="secondary" name="thenStatus" value="closed" pendingText="Queuing…">
                Send and close
              </SubmitButton>
            </>
          ) : null}
          <SubmitButton pendingText={mode === 'note' ? 'Saving…' : 'Queuing…'}>
            {{ reply: 'Send reply', forward: 'Forward', note: 'Add note' }[mode]}
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

/** Files to send with the reply (or keep with the note), checked here first so a too-large one never uploads. */
function AttachmentPicker() {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div>
      <label htmlFor="composer-files" className="block text-xs font-medium text-slate-700">
        Attachments (optional: up to {MAX_ATTACHMENTS} files, {mb(MAX_ATTACHMENT_BYTES)} each,{' '}
        {mb(MAX_ATTACHMENTS_TOTAL_BYTES)} in all)
      </label>
      <input
        id="composer-files"
        name="files"
        type="file"
        multiple
        data-testid="composer-files"
        aria-describedby={problem ? 'composer-files-error' : undefined}
        onChange={(e) => {
          const list = [...(e.currentTarget.files ?? [])];
          const total = list.reduce((sum, f) => sum + f.size, 0);
          const big = list.find((f) => f.size > MAX_ATTACHMENT_BYTES);
          const text =
            list.length > MAX_ATTACHMENTS
              ? `At most ${MAX_ATTACHMENTS} attachments.`
              : big
                ? `“${big.name}” is ${mb(big.size)}: a file may be at most ${mb(MAX_ATTACHMENT_BYTES)}.`
                : total > MAX_ATTACHMENTS_TOTAL_BYTES
                  ? `The attachments add up to ${mb(total)}: at most ${mb(MAX_ATTACHMENTS_TOTAL_BYTES)} per message.`
                  : null;
          e.currentTarget.setCustomValidity(text ?? '');
          setProblem(text);
        }}
        className="mt-1 block w-full text-sm"
      />
      {problem ? (
        <p id="composer-files-error" role="alert" className="mt-1 text-sm text-red-700">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

function mb(bytes: number): string {
  const n = bytes / 1024 / 1024;
  return `${Number.isInteger(n) ? n : n.toFixed(1)} MB`;
}
