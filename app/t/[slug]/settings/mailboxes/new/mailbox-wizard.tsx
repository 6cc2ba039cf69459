'use client';
// The setup flow: address → preset fills the server → username/password, after processing (delete
// or move) and further folders → Test connection → Save → confirmation dialog with the message count →
// Continue → the mailbox page shows progress.
import { useRouter } from 'next/navigation';
import { useRef, useState, type ReactNode } from 'react';
import { Field } from '@/app/_components/field';
import { presetForAddress, type MailboxPreset } from '@/lib/mailboxes/presets';
import { createMailboxAction, testNewMailboxAction } from '../actions';
import { ActionButton } from '../_components/action-button';
import { ImportDialog } from '../_components/import-dialog';
import { useErrorTransition } from '../_components/use-error-transition';
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
  const [saved, setSaved] = useState<{ mailboxId: string; moveTo: string | null } | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const { pending, error: formError, run } = useErrorTransition();
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
    run(async () => {
      setTested(null);
      const result = await testNewMailboxAction(null, formData());
      if (!result) return;
      if (!result.ok) return result.error;
      setTested(result.data as Tested);
    });

  const save = () =>
    run(async () => {
      const result = await createMailboxAction(null, formData());
      if (!result) return;
      if (!result.ok) return result.error;
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
        <Field
          id="mb-email"
          label="Support address"
          name="email"
          type="email"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value.trim())}
          placeholder="support@yourcompany.com"
        />
        <ActionButton type="submit">Continue</ActionButton>
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
          <Outcome ok={false} testId="wizard-error">
            {formError}
          </Outcome>
        ) : null}
        {tested ? (
          <Outcome ok={tested.ok} testId="test-result">
            {tested.ok
              ? `Connected. ${tested.messageCount} ${tested.messageCount === 1 ? 'message is' : 'messages are'} in this mailbox.`
              : `The connection test failed: ${tested.error.message}`}
          </Outcome>
        ) : null}
        {tested?.outgoing ? (
          <Outcome ok={tested.outgoing.ok} testId="smtp-test-result">
            {tested.outgoing.ok
              ? 'Outgoing server: connected and signed in (no message was sent).'
              : `Outgoing server: ${tested.outgoing.error.message} Acknowledgements and replies could not be sent.`}
          </Outcome>
        ) : null}

        <div className="flex flex-wrap gap-2">
          <ActionButton
            variant="secondary"
            onClick={test}
            pending={pending && !tested}
            pendingText="Testing…"
            disabled={pending}
          >
            Test connection
          </ActionButton>
          <ActionButton
            onClick={save}
            pending={pending && Boolean(tested)}
            pendingText="Saving…"
            disabled={!bothOk || Boolean(saved)}
            aria-describedby="save-hint"
          >
            Save
          </ActionButton>
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

/** A test's or the save's answer: a status when it went well, an alert when not. */
function Outcome({ ok, testId, children }: { ok: boolean; testId: string; children: ReactNode }) {
  return (
    <p
      role={ok ? 'status' : 'alert'}
      className={`rounded-md border px-3 py-2 text-sm ${ok ? 'border-emerald-200 bg-emerald-50 text-emerald-900' : 'border-red-200 bg-red-50 text-red-800'}`}
      data-testid={testId}
    >
      {children}
    </p>
  );
}
