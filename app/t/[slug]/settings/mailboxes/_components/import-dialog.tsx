'use client';
// The confirmation before an import: how many messages, what will happen to them, and that the
// mailbox should be dedicated to support; optionally, mail received after a date becomes Open cases (the
// ongoing conversations). Continue records the import boundary and starts it.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CheckboxField } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { useModalDialog } from '@/app/_components/use-modal-dialog';
import { confirmImportAction } from '../actions';
import { ActionButton } from './action-button';
import { mailboxRefForm } from './mailbox-ref-form';
import { useCheckbox } from './use-checkbox';
import { useErrorTransition } from './use-error-transition';

export function ImportDialog({
  slug,
  mailboxId,
  messageCount,
  open,
  onCancel,
  moveTo,
}: {
  slug: string;
  mailboxId: string;
  messageCount: number;
  open: boolean;
  onCancel: () => void;
  /** The mailbox moves processed mail to this folder instead of deleting it. */
  moveTo?: string | null;
}) {
  const ref = useModalDialog(open);
  const router = useRouter();
  const { pending, error, run } = useErrorTransition();
  // "Messages received after <date> become Open cases": off by default (everything present is history).
  const keepRecent = useCheckbox(false);
  const [since, setSince] = useState(() => localDay(new Date(Date.now() - 14 * 86_400_000)));

  const confirm = () =>
    run(async () => {
      const form = mailboxRefForm(slug, mailboxId);
      // The chosen day's start in the reader's own clock, as an instant.
      if (keepRecent.checked && since) form.set('openAfter', new Date(`${since}T00:00:00`).toISOString());
      const result = await confirmImportAction(null, form);
      // Success redirects to the mailbox page (progress bar); an error stays here.
      if (result && !result.ok) return result.error;
      router.refresh();
    });

  return (
    <dialog
      ref={ref}
      aria-labelledby="import-dialog-title"
      aria-describedby="import-dialog-text"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/50"
      data-testid="import-dialog"
    >
      <div className="space-y-4 p-6">
        <h2 id="import-dialog-title" className="text-lg font-semibold">
          Import this mailbox?
        </h2>
        <p id="import-dialog-text" className="text-sm text-slate-700" data-testid="import-dialog-text">
          <strong data-testid="import-count">{messageCount}</strong>{' '}
          {messageCount === 1 ? 'message is' : 'messages are'} in this mailbox. They will be imported as Closed cases
          without acknowledgements and then {moveTo ? `moved to the folder ${moveTo}` : 'deleted from the server'}. Use
          a mailbox dedicated to support.
        </p>
        <fieldset className="space-y-2 rounded-md border border-slate-200 p-3 text-sm" data-testid="import-open-after">
          <legend className="px-1 text-xs font-medium text-slate-600">Ongoing conversations</legend>
          <CheckboxField
            label="Messages received after a date become Open cases instead (still without acknowledgements)"
            {...keepRecent}
          />
          {keepRecent.checked ? (
            <label className="flex items-center gap-2">
              <span>Received after</span>
              <input
                type="date"
                value={since}
                max={localDay(new Date())}
                onChange={(e) => setSince(e.target.value)}
                className="rounded-md border border-slate-300 px-2 py-1"
                aria-label="Received after"
              />
            </label>
          ) : null}
        </fieldset>
        <FormError message={error} />
        <div className="flex justify-end gap-2">
          <ActionButton variant="secondary" onClick={onCancel}>
            Not now
          </ActionButton>
          <ActionButton onClick={confirm} pending={pending} pendingText="Starting…" autoFocus>
            Continue
          </ActionButton>
        </div>
      </div>
    </dialog>
  );
}

/** YYYY-MM-DD of a moment in the reader's own clock (what <input type="date"> shows). */
function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
