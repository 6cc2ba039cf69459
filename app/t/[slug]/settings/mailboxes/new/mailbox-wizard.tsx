'use client';
// The setup flow: address → preset fills the server → username/password, after processing (delete
// or move) and further folders → Test connection → Save → confirmation dialog with the message count →
// Continue → the mailbox page shows progress.
import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { presetForAddress, type MailboxPreset } from '@/lib/mailboxes/presets';
import { createMailboxAction, testNewMailboxAction } from '../actions';
import { ImportDialog } from '../_components/import-dialog';
import { ServerFields, type ServerDefaults } from '../_components/server-fields';
import { FolderListFields, type MemberOption } from './folder-list-fields';

/** Providers that refuse plain passwords over IMAP/POP: the wizard points to the OAuth form. */
const OAUTH_PROVIDERS = new Set(['Gmail', 'Outlook.com', 'Microsoft 365']);

type Outgoing = { ok: true } | { ok: false; error: { code: string; message: string } } | null;
type Tested = (
  { ok: true; messageCount: number; capabilities: string[] } | { ok: false; error: { code: string; message: string } }
) & { outgoing?: Outgoing };

export function MailboxWizard({ slug, members }: { slug: string; members: MemberOption[] }) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [step, setStep] = useState<'address' | 'server'>('address');
  const [preset, setPreset] = useState<MailboxPreset | null>(null);
  const [tested, setTested] = useState<Tested | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ mailboxId: string; moveTo: string | null } | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);

  // Both servers must answer: a mailbox that cannot send would fail its acknowledgements and replies quietly.
  const bothOk = Boolean(tested?.ok && (!tested.outgoing || tested.outgoing.ok));

  const formData = () => {
    const data = new FormData(formRef.current!);
    data.set('slug', slug);
    data.set('email', email);
    return data;
  };

  const test = () =>
    startTransition(async () => {
      setFormError(null);
      setTested(null);
      const result = await testNewMailboxAction(null, formData());
      if (!result) return;
      if (!result.ok) setFormError(result.error);
      else setTested(result.data as Tested);
    });

  const save = () =>
    startTransition(async () => {
      setFormError(null);
      const result = await createMailboxAction(null, formData());
      if (!result) return;
      if (!result.ok) return setFormError(result.error);
      const form = formData();
      setSaved({
        mailboxId: result.data.mailboxId,
        moveTo: form.get('afterProcessing') === 'move' ? String(form.get('moveToFolder') ?? '') : null,
      });
      setDialogOpen(true);
    });

  if (step === 'address') {
    return (
      <form
        className="space-y-4 rounded-lg bg-white p-6 shadow-sm"
        onSubmit={(e) => {
          e.preventDefault();
          setPreset(presetForAddress(email));
          setStep('server');
        }}
        data-testid="wizard-address"
      >
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Step 1 of 3</p>
        <div>
          <label htmlFor="mb-email" className="block text-sm font-medium text-slate-800">
            Support address
          </label>
          <input
            id="mb-email"
            name="email"
            type="email"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value.trim())}
            placeholder="support@yourcompany.com"
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
          />
        </div>
        <button
          type="submit"
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
        >
          Continue
        </button>
      </form>
    );
  }

  const defaults: ServerDefaults = {
    username: email,
    protocol: preset?.protocol ?? 'imaps',
    host: preset?.host,
    port: preset ? String(preset.port) : undefined,
    smtpHost: preset?.smtp.host,
    smtpPort: preset ? String(preset.smtp.port) : undefined,
    smtpSecurity: preset?.smtp.security,
  };

  return (
    <>
      <form
        ref={formRef}
        className="space-y-6 rounded-lg bg-white p-6 shadow-sm"
        onSubmit={(e) => e.preventDefault()}
        data-testid="wizard-server"
      >
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <p className="text-xs font-medium text-slate-500">
            <span className="uppercase tracking-wide">Step 2 of 3</span> · {email}
          </p>
          <button type="button" onClick={() => setStep('address')} className="text-sm text-indigo-700 underline">
            Change address
          </button>
        </div>
        <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" role="status">
          {preset
            ? `We filled in the server settings for ${preset.provider}. Check them, then enter the password.`
            : 'Enter your provider’s server settings (they are in its help pages, under IMAP or POP3).'}
        </p>
        {preset && OAUTH_PROVIDERS.has(preset.provider) ? (
          <p
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
            data-testid="wizard-oauth-hint"
          >
            {preset.provider} no longer accepts passwords for IMAP and POP3 (except app passwords).{' '}
            <a
              href={`/t/${slug}/settings/mailboxes/new?source=${preset.provider === 'Gmail' ? 'google' : 'microsoft'}`}
              className="font-medium underline"
            >
              Connect with OAuth 2.0
            </a>{' '}
            instead.
          </p>
        ) : null}
        <ServerFields
          d={defaults}
          onChange={() => setTested(null)}
          imapExtra={<FolderListFields members={members} />}
        />

        {formError ? (
          <p
            role="alert"
            className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
            data-testid="wizard-error"
          >
            {formError}
          </p>
        ) : null}
        {tested ? (
          tested.ok ? (
            <p
              role="status"
              className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
              data-testid="test-result"
            >
              Connected. {tested.messageCount} {tested.messageCount === 1 ? 'message is' : 'messages are'} in this
              mailbox.
            </p>
          ) : (
            <p
              role="alert"
              className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
              data-testid="test-result"
            >
              The connection test failed: {tested.error.message}
            </p>
          )
        ) : null}
        {tested?.outgoing ? (
          tested.outgoing.ok ? (
            <p
              role="status"
              className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
              data-testid="smtp-test-result"
            >
              Outgoing server: connected and signed in (no message was sent).
            </p>
          ) : (
            <p
              role="alert"
              className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
              data-testid="smtp-test-result"
            >
              Outgoing server: {tested.outgoing.error.message} Acknowledgements and replies could not be sent.
            </p>
          )
        ) : null}

        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            onClick={test}
            disabled={pending}
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-60"
          >
            {pending && !tested ? 'Testing…' : 'Test connection'}
          </button>
          <button
            type="button"
            onClick={save}
            disabled={pending || !bothOk || Boolean(saved)}
            aria-describedby="save-hint"
            className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-50"
          >
            Save
          </button>
          <span id="save-hint" className="self-center text-xs text-slate-500">
            {bothOk
              ? 'Saving asks you to confirm the import.'
              : tested?.ok
                ? 'Fix the outgoing server first.'
                : 'Test the connection first.'}
          </span>
        </div>
      </form>
      {saved && tested?.ok ? (
        <ImportDialog
          slug={slug}
          mailboxId={saved.mailboxId}
          messageCount={tested.messageCount}
          moveTo={saved.moveTo}
          open={dialogOpen}
          onCancel={() => {
            setDialogOpen(false);
            router.push(`/t/${slug}/settings/mailboxes/${saved.mailboxId}`);
          }}
        />
      ) : null}
    </>
  );
}
