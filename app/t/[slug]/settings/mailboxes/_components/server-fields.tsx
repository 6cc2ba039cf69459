'use client';
// Incoming and outgoing server fields, shared by the wizard and a mailbox's settings form.
import { useState, type ReactNode } from 'react';
import { AfterProcessingFields } from './after-processing-fields';

export type ServerDefaults = {
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
  smtpEnabled?: boolean;
  smtpHost?: string;
  smtpPort?: string;
  smtpSecurity?: string;
  smtpSameAsIncoming?: boolean;
  smtpUsername?: string;
};

const input =
  'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500';
const label = 'block text-sm font-medium text-slate-800';

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
  const [smtpEnabled, setSmtpEnabled] = useState(d.smtpEnabled ?? true);
  const [same, setSame] = useState(d.smtpSameAsIncoming ?? true);
  const plain = protocol === 'imap' || protocol === 'pop3';
  return (
    <div className="space-y-6" onChange={onChange}>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Sign-in</legend>
        <TextField
          id="mb-username"
          label="Username"
          name="username"
          defaultValue={d.username}
          autoComplete="username"
          hint="Usually the full address."
        />
        <TextField
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
        <div>
          <label htmlFor="mb-protocol" className={label}>
            Protocol
          </label>
          <select
            id="mb-protocol"
            name="protocol"
            value={protocol}
            onChange={(e) => setProtocol(e.target.value)}
            className={input}
          >
            <option value="imaps">IMAPS (IMAP over TLS)</option>
            <option value="imap">IMAP</option>
            <option value="pop3s">POP3S (POP3 over TLS)</option>
            <option value="pop3">POP3</option>
          </select>
        </div>
        <TextField id="mb-host" label="Host" name="host" defaultValue={d.host} placeholder="imap.example.com" />
        <TextField
          id="mb-port"
          label="Port"
          name="port"
          inputMode="numeric"
          defaultValue={d.port}
          placeholder="default"
        />
        {plain ? (
          <div>
            <label htmlFor="mb-starttls" className={label}>
              STARTTLS
            </label>
            <select id="mb-starttls" name="starttls" defaultValue={d.starttls ?? 'required'} className={input}>
              <option value="required">Required (recommended)</option>
              <option value="off">Off (unencrypted)</option>
            </select>
          </div>
        ) : null}
        {protocol.startsWith('imap') ? (
          <TextField id="mb-folder" label="Folder" name="folder" defaultValue={d.folder ?? 'INBOX'} />
        ) : null}
        <label className="flex items-center gap-2 text-sm sm:col-span-3">
          <input type="checkbox" name="tlsVerify" defaultChecked={d.tlsVerify ?? true} className="h-4 w-4" />
          Verify the server’s TLS certificate
        </label>
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
          <div className="grid gap-3 sm:grid-cols-3">
            <TextField
              id="mb-smtp-host"
              label="SMTP host"
              name="smtpHost"
              defaultValue={d.smtpHost}
              placeholder="smtp.example.com"
            />
            <TextField
              id="mb-smtp-port"
              label="SMTP port"
              name="smtpPort"
              inputMode="numeric"
              defaultValue={d.smtpPort}
              placeholder="default"
            />
            <div>
              <label htmlFor="mb-smtp-security" className={label}>
                Security
              </label>
              <select
                id="mb-smtp-security"
                name="smtpSecurity"
                defaultValue={d.smtpSecurity ?? 'starttls'}
                className={input}
              >
                <option value="tls">TLS (port 465)</option>
                <option value="starttls">STARTTLS (port 587)</option>
                <option value="none">None</option>
              </select>
            </div>
            <label className="flex items-center gap-2 text-sm sm:col-span-3">
              <input
                type="checkbox"
                name="smtpSameAsIncoming"
                checked={same}
                onChange={(e) => setSame(e.target.checked)}
                className="h-4 w-4"
              />
              Same username and password as incoming
            </label>
            {!same ? (
              <>
                <TextField
                  id="mb-smtp-username"
                  label="SMTP username"
                  name="smtpUsername"
                  defaultValue={d.smtpUsername}
                />
                <TextField
                  id="mb-smtp-password"
                  label="SMTP password"
                  name="smtpPassword"
                  type="password"
                  autoComplete="new-password"
                  hint={smtpPasswordHint}
                />
              </>
            ) : null}
          </div>
        ) : null}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Cases</legend>
        <TextField
          id="mb-display-name"
          label="Display name (optional)"
          name="displayName"
          defaultValue={d.displayName}
          placeholder="Acme Support"
        />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="createCases" defaultChecked={d.createCases ?? true} className="h-4 w-4" />
          Create cases from new messages (off: only replies to existing cases are added)
        </label>
      </fieldset>
    </div>
  );
}

/** A labelled text input, with an optional hint under it that the input is described by. */
function TextField({
  id,
  label: text,
  hint,
  ...props
}: { id: string; label: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div>
      <label htmlFor={id} className={label}>
        {text}
      </label>
      <input id={id} className={input} aria-describedby={hint ? `${id}-hint` : undefined} {...props} />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
