'use client';
// The outgoing server (SMTP) that replies and acknowledgements go through, shared by the password wizard,
// a mailbox's settings and the forwarding-address wizard. Posted as smtpEnabled, smtpHost, smtpPort,
// smtpSecurity, smtpSameAsIncoming, smtpUsername and smtpPassword (see _lib/mailbox-form-input.ts).
import { CheckboxField, Field, SelectField } from '@/app/_components/field';
import { useCheckbox } from './use-checkbox';

export type SmtpDefaults = {
  smtpEnabled?: boolean;
  smtpHost?: string;
  smtpPort?: string;
  smtpSecurity?: string;
  smtpSameAsIncoming?: boolean;
  smtpUsername?: string;
};

export function SmtpFields({
  idPrefix,
  d,
  hasIncoming,
  passwordHint,
  errors = {},
}: {
  /** Keeps ids unique per form ("mb" in the password wizard and settings, "fwd" in the forwarding wizard). */
  idPrefix: string;
  d: SmtpDefaults;
  /** The mailbox signs in to an incoming server too: its username and password may serve for sending. */
  hasIncoming: boolean;
  passwordHint?: string;
  errors?: Record<string, string>;
}) {
  const enabled = useCheckbox(d.smtpEnabled ?? true);
  const same = useCheckbox(hasIncoming && (d.smtpSameAsIncoming ?? true));
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold">Outgoing server (SMTP) for replies and acknowledgements</legend>
      <CheckboxField name="smtpEnabled" label="Send mail through an SMTP server" {...enabled} />
      {enabled.checked ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <Field
            id={`${idPrefix}-smtp-host`}
            label="SMTP host"
            name="smtpHost"
            defaultValue={d.smtpHost}
            placeholder="smtp.example.com"
            error={errors['smtp.host']}
          />
          <Field
            id={`${idPrefix}-smtp-port`}
            label="SMTP port"
            name="smtpPort"
            inputMode="numeric"
            defaultValue={d.smtpPort}
            placeholder="default"
          />
          <SelectField
            id={`${idPrefix}-smtp-security`}
            label="Security"
            name="smtpSecurity"
            defaultValue={d.smtpSecurity ?? 'starttls'}
          >
            <option value="tls">TLS (port 465)</option>
            <option value="starttls">STARTTLS (port 587)</option>
            <option value="none">None (unencrypted)</option>
          </SelectField>
          {hasIncoming ? (
            <div className="sm:col-span-3">
              <CheckboxField name="smtpSameAsIncoming" label="Same username and password as incoming" {...same} />
            </div>
          ) : null}
          {!same.checked ? (
            <>
              <Field
                id={`${idPrefix}-smtp-username`}
                label="SMTP username"
                name="smtpUsername"
                autoComplete="off"
                defaultValue={d.smtpUsername}
              />
              <Field
                id={`${idPrefix}-smtp-password`}
                label="SMTP password"
                name="smtpPassword"
                type="password"
                autoComplete="new-password"
                hint={passwordHint}
                error={errors['smtp.password']}
              />
            </>
          ) : null}
        </div>
      ) : (
        <p className="text-xs text-slate-500">Without an outgoing server no acknowledgements or replies are sent.</p>
      )}
    </fieldset>
  );
}
