'use client';
// A forwarding-address mailbox: the support address, whether to open cases and acknowledge, and the
// outgoing server replies go through. Saved, it is active at once and shows its forwarding address.
import Link from 'next/link';
import { useActionState, useState, useTransition } from 'react';
import { Field } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { createForwardMailboxAction } from '../actions';

const inputClass =
  'block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm outline-none focus:ring-2 focus:ring-indigo-500';

export function ForwardWizard({ slug, available }: { slug: string; available: boolean }) {
  const [state, action] = useActionState(createForwardMailboxAction, null);
  const [pending, startSubmit] = useTransition();
  const [smtpEnabled, setSmtpEnabled] = useState(true);
  const errors = state && !state.ok ? state.fieldErrors : {};

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

  // Submitted by hand so the fields keep what was typed after a server-side error.
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    startSubmit(() => action(data));
  };

  return (
    <form onSubmit={submit} className="space-y-4 rounded-lg bg-white p-6 shadow-sm" data-testid="forward-wizard">
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
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="createCases" defaultChecked className="h-4 w-4" /> Create cases from new messages
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="ackEnabled" defaultChecked className="h-4 w-4" /> Send acknowledgements
      </label>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Outgoing server (SMTP) for replies and acknowledgements</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="smtpEnabled"
            checked={smtpEnabled}
            onChange={(e) => setSmtpEnabled(e.target.checked)}
            className="h-4 w-4"
          />
          Send mail through an SMTP server
        </label>
        {smtpEnabled ? (
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              id="fwd-smtp-host"
              label="SMTP host"
              name="smtpHost"
              placeholder="smtp.example.com"
              error={errors['smtp.host']}
            />
            <Field id="fwd-smtp-port" label="SMTP port" name="smtpPort" inputMode="numeric" placeholder="587" />
            <div className="space-y-1">
              <label htmlFor="fwd-smtp-security" className="block text-sm font-medium text-slate-800">
                Security
              </label>
              <select id="fwd-smtp-security" name="smtpSecurity" defaultValue="starttls" className={inputClass}>
                <option value="starttls">STARTTLS (port 587)</option>
                <option value="tls">TLS (port 465)</option>
                <option value="none">None (unencrypted)</option>
              </select>
            </div>
            <Field id="fwd-smtp-username" label="SMTP username" name="smtpUsername" autoComplete="off" />
            <Field
              id="fwd-smtp-password"
              label="SMTP password"
              name="smtpPassword"
              type="password"
              autoComplete="new-password"
              error={errors['smtp.password']}
            />
          </div>
        ) : (
          <p className="text-xs text-slate-500">Without an outgoing server no acknowledgements or replies are sent.</p>
        )}
      </fieldset>
      <FormError message={state && !state.ok ? state.error : null} />
      <button
        type="submit"
        disabled={pending || !available}
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-50"
      >
        {pending ? 'Creating…' : 'Create forwarding address'}
      </button>
    </form>
  );
}
