'use client';
// Incoming and outgoing server fields, shared by the wizard and a mailbox's settings form.
import { useState } from 'react';

export type ServerDefaults = {
  username?: string;
  protocol?: string;
  host?: string;
  port?: string;
  starttls?: string;
  tlsVerify?: boolean;
  folder?: string;
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
}: {
  d: ServerDefaults;
  passwordHint?: string;
  smtpPasswordHint?: string;
  onChange?: () => void;
}) {
  const [protocol, setProtocol] = useState(d.protocol ?? 'imaps');
  const [smtpEnabled, setSmtpEnabled] = useState(d.smtpEnabled ?? true);
  const [same, setSame] = useState(d.smtpSameAsIncoming ?? true);
  const plain = protocol === 'imap' || protocol === 'pop3';
  return (
    <div className="space-y-6" onChange={onChange}>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Sign-in</legend>
        <div>
          <label htmlFor="mb-username" className={label}>
            Username
          </label>
          <input
            id="mb-username"
            name="username"
            defaultValue={d.username}
            autoComplete="username"
            className={input}
            aria-describedby="mb-username-hint"
          />
          <p id="mb-username-hint" className="mt-1 text-xs text-slate-500">
            Usually the full address.
          </p>
        </div>
        <div>
          <label htmlFor="mb-password" className={label}>
            Password
          </label>
          <input
            id="mb-password"
            name="password"
            type="password"
            autoComplete="new-password"
            className={input}
            aria-describedby="mb-password-hint"
          />
          <p id="mb-password-hint" className="mt-1 text-xs text-slate-500">
            {passwordHint ?? 'Providers with two-step sign-in need an app password.'}
          </p>
        </div>
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
        <div>
          <label htmlFor="mb-host" className={label}>
            Host
          </label>
          <input id="mb-host" name="host" defaultValue={d.host} placeholder="imap.example.com" className={input} />
        </div>
        <div>
          <label htmlFor="mb-port" className={label}>
            Port
          </label>
          <input
            id="mb-port"
            name="port"
            inputMode="numeric"
            defaultValue={d.port}
            placeholder="default"
            className={input}
          />
        </div>
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
          <div>
            <label htmlFor="mb-folder" className={label}>
              Folder
            </label>
            <input id="mb-folder" name="folder" defaultValue={d.folder ?? 'INBOX'} className={input} />
          </div>
        ) : null}
        <label className="flex items-center gap-2 text-sm sm:col-span-3">
          <input type="checkbox" name="tlsVerify" defaultChecked={d.tlsVerify ?? true} className="h-4 w-4" />
          Verify the server’s TLS certificate
        </label>
      </fieldset>

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
            <div>
              <label htmlFor="mb-smtp-host" className={label}>
                SMTP host
              </label>
              <input
                id="mb-smtp-host"
                name="smtpHost"
                defaultValue={d.smtpHost}
                placeholder="smtp.example.com"
                className={input}
              />
            </div>
            <div>
              <label htmlFor="mb-smtp-port" className={label}>
                SMTP port
              </label>
              <input
                id="mb-smtp-port"
                name="smtpPort"
                inputMode="numeric"
                defaultValue={d.smtpPort}
                placeholder="default"
                className={input}
              />
            </div>
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
                <div>
                  <label htmlFor="mb-smtp-username" className={label}>
                    SMTP username
                  </label>
                  <input id="mb-smtp-username" name="smtpUsername" defaultValue={d.smtpUsername} className={input} />
                </div>
                <div>
                  <label htmlFor="mb-smtp-password" className={label}>
                    SMTP password
                  </label>
                  <input
                    id="mb-smtp-password"
                    name="smtpPassword"
                    type="password"
                    autoComplete="new-password"
                    className={input}
                    aria-describedby={smtpPasswordHint ? 'mb-smtp-password-hint' : undefined}
                  />
                  {smtpPasswordHint ? (
                    <p id="mb-smtp-password-hint" className="mt-1 text-xs text-slate-500">
                      {smtpPasswordHint}
                    </p>
                  ) : null}
                </div>
              </>
            ) : null}
          </div>
        ) : null}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Cases</legend>
        <div>
          <label htmlFor="mb-display-name" className={label}>
            Display name (optional)
          </label>
          <input
            id="mb-display-name"
            name="displayName"
            defaultValue={d.displayName}
            placeholder="Acme Support"
            className={input}
          />
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="createCases" defaultChecked={d.createCases ?? true} className="h-4 w-4" />
          Create cases from new messages (off: only replies to existing cases are added)
        </label>
      </fieldset>
    </div>
  );
}
