'use client';
// Incoming and outgoing server fields, shared by the wizard and a mailbox's settings form.
import { useState, type ReactNode } from 'react';
import { CheckboxField, Field, SelectField } from '@/app/_components/field';
import { AfterProcessingFields } from './after-processing-fields';
import { SmtpFields, type SmtpDefaults } from './smtp-fields';

export type ServerDefaults = SmtpDefaults & {
  username?: string;
  protocol?: string;
  host?: string;
  port?: string;
  starttls?: string;
  tlsVerify?: boolean;
  folder?: string;
  afterProcessing?: 'delete' | 'move';
  moveToFolder?: string;
  createCases?: boolean;
  displayName?: string;
  pollIntervalSeconds?: string;
};

export function ServerFields({
  d,
  passwordHint,
  smtpPasswordHint,
  onChange,
  imapExtra,
}: {
  d: ServerDefaults;
  passwordHint?: string;
  smtpPasswordHint?: string;
  onChange?: () => void;
  /** Shown under the IMAP-only fields (the wizard's further folders). */
  imapExtra?: ReactNode;
}) {
  const [protocol, setProtocol] = useState(d.protocol ?? 'imaps');
  const plain = protocol === 'imap' || protocol === 'pop3';
  return (
    <div className="space-y-6" onChange={onChange}>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Sign-in</legend>
        <Field
          id="mb-username"
          label="Username"
          name="username"
          defaultValue={d.username}
          autoComplete="username"
          hint="Usually the full address."
        />
        <Field
          id="mb-password"
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint={passwordHint ?? 'Providers with two-step sign-in need an app password.'}
        />
      </fieldset>

      <fieldset className="grid gap-3 sm:grid-cols-3">
        <legend className="mb-1 text-sm font-semibold sm:col-span-3">Incoming server</legend>
        <SelectField
          id="mb-protocol"
          label="Protocol"
          name="protocol"
          value={protocol}
          onChange={(e) => setProtocol(e.target.value)}
        >
          <option value="imaps">IMAPS (IMAP over TLS)</option>
          <option value="imap">IMAP</option>
          <option value="pop3s">POP3S (POP3 over TLS)</option>
          <option value="pop3">POP3</option>
        </SelectField>
        <Field id="mb-host" label="Host" name="host" defaultValue={d.host} placeholder="imap.example.com" />
        <Field id="mb-port" label="Port" name="port" inputMode="numeric" defaultValue={d.port} placeholder="default" />
        {plain ? (
          <SelectField id="mb-starttls" label="STARTTLS" name="starttls" defaultValue={d.starttls ?? 'required'}>
            <option value="required">Required (recommended)</option>
            <option value="off">Off (unencrypted)</option>
          </SelectField>
        ) : null}
        {protocol.startsWith('imap') ? (
          <Field id="mb-folder" label="Folder" name="folder" defaultValue={d.folder ?? 'INBOX'} />
        ) : null}
        <div className="sm:col-span-3">
          <CheckboxField
            name="tlsVerify"
            defaultChecked={d.tlsVerify ?? true}
            label="Verify the server’s TLS certificate"
          />
        </div>
      </fieldset>

      {protocol.startsWith('imap') ? (
        <>
          <AfterProcessingFields afterProcessing={d.afterProcessing} moveToFolder={d.moveToFolder} />
          {imapExtra}
        </>
      ) : (
        <p className="text-sm text-slate-600" data-testid="pop3-deletes">
          After processing: POP3 deletes each message once it is stored (moving to a folder needs IMAP).
        </p>
      )}

      <SmtpFields idPrefix="mb" d={d} hasIncoming passwordHint={smtpPasswordHint} />

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Cases</legend>
        <Field
          id="mb-display-name"
          label="Display name (optional)"
          name="displayName"
          defaultValue={d.displayName}
          placeholder="Acme Support"
        />
        <CheckboxField
          name="createCases"
          defaultChecked={d.createCases ?? true}
          label="Create cases from new messages (off: only replies to existing cases are added)"
        />
      </fieldset>
    </div>
  );
}
