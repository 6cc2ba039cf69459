'use client';
// The forms on a mailbox's page: settings, acknowledgement (with a live preview), pause/resume and
// sync now, finishing a draft's setup, releasing an ignored message, and deleting the mailbox.
import Link from 'next/link';
import { useActionState, useState } from 'react';
import { ActionFeedback, FormError, SmallError } from '@/app/_components/form-message';
import { HiddenFields } from '@/app/_components/hidden-fields';
import { SubmitButton } from '@/app/_components/submit-button';
import { ActionButtonForm } from '@/app/_components/action-button-form';
import { CheckboxField, Field, TextAreaField } from '@/app/_components/field';
import { DEFAULT_ACK_TEMPLATE, renderAcknowledgement } from '@/lib/acknowledgements/render-acknowledgement';
import {
  deleteMailboxAction,
  releaseIgnoredAction,
  setMailboxStateAction,
  syncNowAction,
  updateAcknowledgementAction,
  updateMailboxAction,
} from '../actions';
import { ActionButton } from '../_components/action-button';
import { ImportDialog } from '../_components/import-dialog';
import { ServerFields, type ServerDefaults } from '../_components/server-fields';
import { countStoredMailbox } from '../_components/stored-mailbox-test';
import { TEMPLATE_TEXT_CLASS, TemplatePreview } from '../_components/template-preview';
import { useErrorTransition } from '../_components/use-error-transition';

export function SettingsForm({
  slug,
  mailboxId,
  defaults,
}: {
  slug: string;
  mailboxId: string;
  defaults: ServerDefaults;
}) {
  const [state, action] = useActionState(updateMailboxAction, null);
  return (
    <form action={action} className="space-y-4">
      <HiddenFields values={{ slug, mailboxId }} />
      <ServerFields
        d={defaults}
        passwordHint="Leave empty to keep the stored password. A new host, port, protocol or weaker TLS setting needs it again: a stored password is only sent to the server it was entered for."
        smtpPasswordHint="Leave empty to keep the stored SMTP password. A new SMTP host, port or weaker security needs it again."
      />
      <Field
        id="mb-poll"
        label="Check for new mail every (seconds)"
        name="pollIntervalSeconds"
        inputMode="numeric"
        defaultValue={defaults.pollIntervalSeconds}
      />
      <ActionFeedback state={state} />
      <SubmitButton pendingText="Saving…">Save settings</SubmitButton>
    </form>
  );
}

export function AcknowledgementForm({
  slug,
  mailboxId,
  enabled,
  template,
}: {
  slug: string;
  mailboxId: string;
  enabled: boolean;
  template: string | null;
}) {
  const [state, action] = useActionState(updateAcknowledgementAction, null);
  const [text, setText] = useState(template ?? DEFAULT_ACK_TEMPLATE);
  const preview = renderAcknowledgement({
    template: text,
    caseNumber: 1042,
    caseSubject: 'My order has not arrived',
    requesterName: 'Alex Doe',
    requesterEmail: 'alex@example.com',
  });
  return (
    <form action={action} className="grid gap-4 lg:grid-cols-2">
      <HiddenFields values={{ slug, mailboxId }} />
      <div className="space-y-3">
        <CheckboxField
          name="ackEnabled"
          defaultChecked={enabled}
          label="Send an acknowledgement when a new case opens"
        />
        <TextAreaField
          id="ack-template"
          label="Template"
          name="ackTemplate"
          rows={10}
          value={text}
          onChange={(e) => setText(e.target.value)}
          className={TEMPLATE_TEXT_CLASS}
          hint="Placeholders: {{case.number}}, {{case.subject}}, {{requester.name}}. Plain text. Never sent for imported cases or automatic mail."
        />
        <ActionFeedback state={state} />
        <SubmitButton pendingText="Saving…">Save acknowledgement</SubmitButton>
      </div>
      <TemplatePreview label="Preview" text={preview.text} textTestId="ack-preview-text">
        <p className="mt-2 font-medium" data-testid="ack-preview-subject">
          {preview.subject}
        </p>
      </TemplatePreview>
    </form>
  );
}

/** Pause and Resume: the state each asks for, and the states it is offered in (both after an error). */
const stateMoves: {
  to: 'paused' | 'active';
  from: string[];
  label: string;
  pendingText: string;
  variant: 'primary' | 'secondary';
}[] = [
  {
    to: 'paused',
    from: ['importing', 'active', 'error'],
    label: 'Pause',
    pendingText: 'Pausing…',
    variant: 'secondary',
  },
  {
    to: 'active',
    from: ['paused', 'error', 'needs_reauth'],
    label: 'Resume',
    pendingText: 'Resuming…',
    variant: 'primary',
  },
];

export function StateControls({ slug, mailboxId, state }: { slug: string; mailboxId: string; state: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {stateMoves
        .filter((move) => move.from.includes(state))
        .map((move) => (
          <ActionButtonForm
            key={move.to}
            action={setMailboxStateAction}
            fields={{ slug, mailboxId, to: move.to }}
            variant={move.variant}
            pendingText={move.pendingText}
          >
            {move.label}
          </ActionButtonForm>
        ))}
      {['active', 'importing', 'error'].includes(state) ? (
        <ActionButtonForm
          action={syncNowAction}
          fields={{ slug, mailboxId }}
          variant="secondary"
          pendingText="Asking…"
          success={() => 'A sync starts within a few seconds.'}
        >
          Check for mail now
        </ActionButtonForm>
      ) : null}
    </div>
  );
}

export function FinishSetup({ slug, mailboxId }: { slug: string; mailboxId: string }) {
  const { pending, error, run } = useErrorTransition();
  const [count, setCount] = useState<number | null>(null);
  const test = () =>
    run(async () => {
      const tested = await countStoredMailbox(slug, mailboxId);
      if (!tested?.ok) return tested?.error;
      setCount(tested.count);
    });
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        This mailbox is a draft: nothing is fetched until you test the connection and confirm the import.
      </p>
      <FormError message={error} />
      <ActionButton onClick={test} pending={pending} pendingText="Testing…">
        Test connection and import
      </ActionButton>
      {count !== null ? (
        <ImportDialog slug={slug} mailboxId={mailboxId} messageCount={count} open onCancel={() => setCount(null)} />
      ) : null}
    </div>
  );
}

export function ReleaseButton({
  slug,
  mailboxId,
  ignoredMessageId,
}: {
  slug: string;
  mailboxId: string;
  ignoredMessageId: string;
}) {
  const [state, action] = useActionState(releaseIgnoredAction, null);
  if (state?.ok) {
    return (
      <Link href={`/t/${slug}/cases/${state.data.caseNumber}`} className="text-sm text-indigo-700 underline">
        Case #{state.data.caseNumber}
      </Link>
    );
  }
  return (
    <form action={action}>
      <HiddenFields values={{ slug, mailboxId, ignoredMessageId }} />
      <SubmitButton variant="secondary" pendingText="Creating…">
        Create case from this message
      </SubmitButton>
      <SmallError message={state && !state.ok ? state.error : null} className="mt-1 block" />
    </form>
  );
}

export function DeleteMailboxForm({ slug, mailboxId, email }: { slug: string; mailboxId: string; email: string }) {
  const [state, action] = useActionState(deleteMailboxAction, null);
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md border border-red-300 bg-white px-3 py-2 text-sm font-medium text-red-700 hover:bg-red-50"
      >
        Delete this mailbox…
      </button>
    );
  }
  return (
    <form action={action} className="space-y-3 rounded-md border border-red-200 bg-red-50 p-4">
      <HiddenFields values={{ slug, mailboxId }} />
      <p className="text-sm text-red-900">
        Caseflow stops reading this mailbox. Its cases and their history stay, but replies from them can no longer be
        sent. Nothing is changed on the mail server.
      </p>
      <div>
        <label htmlFor="confirm-email" className="block text-sm font-medium text-red-900">
          Type {email} to confirm
        </label>
        <input
          id="confirm-email"
          name="confirmEmail"
          autoComplete="off"
          className="mt-1 block w-full max-w-sm rounded-md border border-red-300 px-3 py-2 text-sm"
        />
      </div>
      <FormError message={state && !state.ok ? state.error : null} />
      <div className="flex gap-2">
        <SubmitButton variant="danger" pendingText="Deleting…">
          Delete mailbox
        </SubmitButton>
        <button
          type="button"
          onClick={() => setOpen(false)}
          className="rounded-md px-3 py-2 text-sm text-slate-700 underline"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
