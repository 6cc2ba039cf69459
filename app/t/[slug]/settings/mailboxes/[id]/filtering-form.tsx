'use client';
// Sender verification, spam and sender filter settings of one mailbox.
// Sender verification, trusted ARC sealers, spam and attachments settings of one mailbox.
import { useActionState } from 'react';
import { FormError } from '@/app/_components/form-message';
import { SubmitButton } from '@/app/_components/submit-button';
import type { MailFiltering } from '@/lib/mailboxes/mail-filtering';
import { updateFilteringAction } from './filtering-actions';

const policies = {
  enforce:
    'Enforce: unverified senders cannot join a case by its [Case #N] token, reopen a case or get an acknowledgement',
  record: 'Record only: check and show the badge, change nothing',
  off: 'Off: no checks',
};

export function FilteringForm({
  slug,
  mailboxId,
  filtering,
}: {
  slug: string;
  mailboxId: string;
  filtering: MailFiltering;
}) {
  const [state, action] = useActionState(updateFilteringAction, null);
  return (
    <form action={action} className="space-y-4" data-testid="filtering-form">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="mailboxId" value={mailboxId} />
      <div>
        <label htmlFor="sender-verification" className="block text-sm font-medium text-slate-800">
          Sender verification (SPF, DKIM, DMARC, ARC)
        </label>
        <select
          id="sender-verification"
          name="senderVerification"
          defaultValue={filtering.senderVerification ?? 'default'}
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        >
          <option value="default">
            Workspace default ({policies[filtering.senderVerificationApplied].split(':')[0].toLowerCase()})
          </option>
          {Object.entries(policies).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="trusted-authserv-id" className="block text-sm font-medium text-slate-800">
          Trust the Authentication-Results of this server (authserv-id)
        </label>
        <input
          id="trusted-authserv-id"
          name="trustedAuthservId"
          defaultValue={filtering.trustedAuthservId ?? ''}
          placeholder="mx.example.com"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          aria-describedby="authserv-hint"
        />
        <p id="authserv-hint" className="mt-1 text-xs text-slate-500">
          Leave empty to check SPF, DKIM and DMARC here. When set, only the topmost Authentication-Results header with
          this id counts, and no DNS is asked.
        </p>
      </div>
      <div>
        <label htmlFor="trusted-arc-sealers" className="block text-sm font-medium text-slate-800">
          Trusted ARC sealers (forwarders)
        </label>
        <input
          id="trusted-arc-sealers"
          name="trustedArcSealers"
          defaultValue={filtering.trustedArcSealers.join(', ')}
          placeholder="lists.example.org, forwarder.example"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          aria-describedby="arc-hint"
        />
        <p id="arc-hint" className="mt-1 text-xs text-slate-500">
          Domains (the d= of their ARC-Seal) whose valid ARC chain vouches for mail that fails DMARC after they
          forwarded it, when their own check found DMARC passing. Applies when Caseflow checks the mail itself.
        </p>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Spam</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="spamFilter" defaultChecked={filtering.spamFilter} className="h-4 w-4" />
          Hold mail the receiving server marked as spam (SpamAssassin, rspamd, Microsoft 365)
        </label>
        <div className="flex flex-wrap gap-4">
          <label className="text-sm">
            Score threshold{' '}
            <input
              name="spamScoreThreshold"
              inputMode="decimal"
              defaultValue={filtering.spamScoreThreshold ?? ''}
              placeholder="server's verdict"
              className="ml-1 w-32 rounded-md border border-slate-300 px-2 py-1 text-sm"
            />
          </label>
          <label className="text-sm">
            Microsoft SCL at least{' '}
            <input
              name="spamSclThreshold"
              inputMode="numeric"
              defaultValue={filtering.spamSclThreshold}
              className="ml-1 w-16 rounded-md border border-slate-300 px-2 py-1 text-sm"
            />
          </label>
        </div>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Who may open a case</legend>
        <select
          name="senderFilter"
          aria-label="Sender email address filter"
          defaultValue={filtering.senderFilter}
          className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        >
          <option value="anyone">Accept messages from any email address</option>
          <option value="contacts">Existing contacts only (others wait in Review as unknown senders)</option>
        </select>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="confirmUnknownSenders"
            defaultChecked={filtering.confirmUnknownSenders}
            className="h-4 w-4"
          />
          Prevent spam: ask unknown senders to confirm (by replying or with a link); confirmed, the message becomes a
          case
        </label>
        <label className="text-sm">
          Unconfirmed messages expire after{' '}
          <input
            name="confirmationExpiryDays"
            inputMode="numeric"
            defaultValue={filtering.confirmationExpiryDays}
            className="mx-1 w-16 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />{' '}
          days
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="createContacts" defaultChecked={filtering.createContacts} className="h-4 w-4" />
          Create a new contact from the requester of each new case
        </label>
        <legend className="text-sm font-medium text-slate-800">Attachments</legend>
        <div className="flex flex-wrap gap-4">
          <label className="text-sm">
            At most{' '}
            <input
              name="attachmentMaxCount"
              inputMode="numeric"
              defaultValue={filtering.attachments.maxCount ?? ''}
              placeholder="no limit"
              className="ml-1 w-24 rounded-md border border-slate-300 px-2 py-1 text-sm"
            />{' '}
            attachments
          </label>
          <label className="text-sm">
            At most{' '}
            <input
              name="attachmentMaxMegabytes"
              inputMode="decimal"
              defaultValue={
                filtering.attachments.maxBytes === null
                  ? ''
                  : String(Math.round((filtering.attachments.maxBytes / (1024 * 1024)) * 100) / 100)
              }
              placeholder="no limit"
              className="ml-1 w-24 rounded-md border border-slate-300 px-2 py-1 text-sm"
            />{' '}
            MB in all
          </label>
        </div>
        <label htmlFor="attachment-over-limit" className="block text-sm">
          Over the limit
        </label>
        <select
          id="attachment-over-limit"
          name="attachmentOverLimit"
          defaultValue={filtering.attachments.overLimit}
          className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        >
          <option value="strip">Keep the case, leave the attachments out with a note (the original keeps them)</option>
          <option value="hold">Hold the message for review</option>
        </select>
      </fieldset>
      <FormError message={state && !state.ok ? state.error : null} />
      {state?.ok ? (
        <p role="status" className="text-sm text-emerald-800">
          Saved.
        </p>
      ) : null}
      <SubmitButton pendingText="Saving…">Save filtering</SubmitButton>
    </form>
  );
}
