'use client';
// A forwarding-address mailbox: the support address, whether to open cases and acknowledge, and the
// outgoing server replies go through. Saved, it is active at once and shows its forwarding address.
import Link from 'next/link';
import { CheckboxField, Field } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { createForwardMailboxAction } from '../actions';
import { ActionButton } from '../_components/action-button';
import { SmtpFields } from '../_components/smtp-fields';
import { useKeptFormAction } from '../_components/use-kept-form-action';

export function ForwardWizard({ slug, available }: { slug: string; available: boolean }) {
  const { state, pending, onSubmit, fieldErrors: errors } = useKeptFormAction(createForwardMailboxAction);

  if (state?.ok) {
    return (
      <section
        className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50 p-5 text-sm text-emerald-950"
        role="status"
        data-testid="forward-created"
      >
        <h2 className="text-base font-semibold">The forwarding address is ready</h2>
        <p>Forward your support address to:</p>
        <p>
          <code className="break-all rounded bg-white px-2 py-1 font-mono text-sm" data-testid="forwarding-address">
            {state.data.forwardingAddress}
          </code>
        </p>
        <p>
          Mail that arrives there becomes a case at once. Keep this address to yourself: anyone who knows it can open
          cases.
        </p>
        <Link
          href={`/t/${slug}/settings/mailboxes/${state.data.mailboxId}`}
          className="inline-block rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
        >
          Open the mailbox
        </Link>
      </section>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg bg-white p-6 shadow-sm" data-testid="forward-wizard">
      <input type="hidden" name="slug" value={slug} />
      <Field
        id="fwd-email"
        label="Support address"
        name="email"
        type="email"
        required
        autoFocus
        placeholder="support@yourcompany.com"
        hint="The address customers write to; replies and acknowledgements come from it."
        error={errors.email}
      />
      <Field id="fwd-displayName" label="Display name (optional)" name="displayName" error={errors.displayName} />
      <CheckboxField name="createCases" defaultChecked label="Create cases from new messages" />
      <CheckboxField name="ackEnabled" defaultChecked label="Send acknowledgements" />
      <SmtpFields idPrefix="fwd" d={{}} hasIncoming={false} errors={errors} />
      <FormError message={state && !state.ok ? state.error : null} />
      <ActionButton type="submit" pending={pending} pendingText="Creating…" disabled={!available}>
        Create forwarding address
      </ActionButton>
    </form>
  );
}
