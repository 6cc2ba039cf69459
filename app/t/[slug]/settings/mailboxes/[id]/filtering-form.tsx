'use client';
// Sender verification, trusted ARC sealers, spam, sender filter and attachments settings of one mailbox.
import { useActionState, type InputHTMLAttributes } from 'react';
import { CheckboxField, Field, SelectField } from '@/app/_components/field';
import { ActionFeedback } from '@/app/_components/form-message';
import { HiddenFields } from '@/app/_components/hidden-fields';
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
  const { maxCount, maxBytes } = filtering.attachments;
  return (
    <form action={action} className="space-y-4" data-testid="filtering-form">
      <HiddenFields values={{ slug, mailboxId }} />
      <SelectField
        id="sender-verification"
        label="Sender verification (SPF, DKIM, DMARC, ARC)"
        name="senderVerification"
        defaultValue={filtering.senderVerification ?? 'default'}
      >
        <option value="default">
          Workspace default ({policies[filtering.senderVerificationApplied].split(':')[0].toLowerCase()})
        </option>
        {Object.entries(policies).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <Field
        id="trusted-authserv-id"
        label="Trust the Authentication-Results of this server (authserv-id)"
        name="trustedAuthservId"
        defaultValue={filtering.trustedAuthservId ?? ''}
        placeholder="mx.example.com"
        hint="Leave empty to check SPF, DKIM and DMARC here. When set, only the topmost Authentication-Results header with this id counts, and no DNS is asked."
      />
      <Field
        id="trusted-arc-sealers"
        label="Trusted ARC sealers (forwarders)"
        name="trustedArcSealers"
        defaultValue={filtering.trustedArcSealers.join(', ')}
        placeholder="lists.example.org, forwarder.example"
        hint="Domains (the d= of their ARC-Seal) whose valid ARC chain vouches for mail that fails DMARC after they forwarded it, when their own check found DMARC passing. Applies when Caseflow checks the mail itself."
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Spam</legend>
        <CheckboxField
          name="spamFilter"
          defaultChecked={filtering.spamFilter}
          label="Hold mail the receiving server marked as spam (SpamAssassin, rspamd, Microsoft 365)"
        />
        <div className="flex flex-wrap gap-4">
          <InlineNumber
            label="Score threshold"
            name="spamScoreThreshold"
            inputMode="decimal"
            defaultValue={filtering.spamScoreThreshold ?? ''}
            placeholder="server's verdict"
            width="w-32"
          />
          <InlineNumber
            label="Microsoft SCL at least"
            name="spamSclThreshold"
            defaultValue={filtering.spamSclThreshold}
            width="w-16"
          />
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
        <CheckboxField
          name="confirmUnknownSenders"
          defaultChecked={filtering.confirmUnknownSenders}
          label="Prevent spam: ask unknown senders to confirm (by replying or with a link); confirmed, the message becomes a case"
        />
        <InlineNumber
          label="Unconfirmed messages expire after"
          name="confirmationExpiryDays"
          defaultValue={filtering.confirmationExpiryDays}
          width="w-16"
          unit="days"
        />
        <CheckboxField
          name="createContacts"
          defaultChecked={filtering.createContacts}
          label="Create a new contact from the requester of each new case"
        />
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Attachments</legend>
        <div className="flex flex-wrap gap-4">
          <InlineNumber
            label="At most"
            name="attachmentMaxCount"
            defaultValue={maxCount ?? ''}
            placeholder="no limit"
            width="w-24"
            unit="attachments"
          />
          <InlineNumber
            label="At most"
            name="attachmentMaxMegabytes"
            inputMode="decimal"
            defaultValue={maxBytes === null ? '' : String(Math.round((maxBytes / (1024 * 1024)) * 100) / 100)}
            placeholder="no limit"
            width="w-24"
            unit="MB in all"
          />
        </div>
        <SelectField
          id="attachment-over-limit"
          label="Over the limit"
          name="attachmentOverLimit"
          defaultValue={filtering.attachments.overLimit}
        >
          <option value="strip">Keep the case, leave the attachments out with a note (the original keeps them)</option>
          <option value="hold">Hold the message for review</option>
        </SelectField>
      </fieldset>
      <ActionFeedback state={state} />
      <SubmitButton pendingText="Saving…">Save filtering</SubmitButton>
    </form>
  );
}

/** A short number inside a sentence: "<label> [ ] <unit>". Numeric keyboard unless told otherwise. */
function InlineNumber({
  label,
  unit,
  width,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; unit?: string; width: string }) {
  return (
    <label className="text-sm">
      {label}{' '}
      <input
        inputMode="numeric"
        className={`mx-1 ${width} rounded-md border border-slate-300 px-2 py-1 text-sm`}
        {...input}
      />
      {unit ? ` ${unit}` : null}
    </label>
  );
}
