// Mailbox settings: defaults, presets, combinations and clear field messages.
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import {
  parseCreateMailboxInput,
  parseUpdateMailboxInput,
  type MailboxSettings,
} from '@/lib/mailboxes/resolve-mailbox-settings';

function validationFields(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation');
    return (err as AppError).details!.fields as { path: string; message: string }[];
  }
  throw new Error('expected a validation error');
}

const base = {
  email: 'Support@Example.COM',
  password: ' secret with spaces ',
  protocol: 'imaps',
  host: 'Mail.Example.com.',
};

describe('creating a mailbox', () => {
  it('fills every default: username = address, port by protocol, STARTTLS required, TLS verified, INBOX, cases on, 25 MB, delete after processing', () => {
    const { settings, password } = parseCreateMailboxInput(base);
    expect(settings).toEqual({
      email: 'support@example.com',
      username: 'support@example.com',
      protocol: 'imaps',
      starttls: 'required',
      host: 'mail.example.com',
      port: 993,
      tlsVerify: true,
      folder: 'INBOX',
      createCases: true,
      displayName: null,
      ackEnabled: true,
      ackTemplate: null,
      maxMessageBytes: 25 * 1024 * 1024,
      pollIntervalSeconds: 60,
      smtp: null,
      afterProcessing: 'delete',
      moveToFolder: null,
    });
    expect(password).toBe(' secret with spaces ');
  });

  it.each([
    ['imap', 143],
    ['imaps', 993],
    ['pop3', 110],
    ['pop3s', 995],
  ])('defaults the %s port to %i', (protocol, port) => {
    expect(parseCreateMailboxInput({ ...base, protocol }).settings.port).toBe(port);
  });

  it('keeps an explicit username and port', () => {
    const { settings } = parseCreateMailboxInput({ ...base, username: 'svc-support', port: '1993' });
    expect(settings).toMatchObject({ username: 'svc-support', port: 1993 });
  });

  it('fills host, protocol, port and SMTP from a provider preset when no host is given', () => {
    const { settings } = parseCreateMailboxInput({ email: 'team@gmail.com', password: 'app-password' });
    expect(settings).toMatchObject({
      protocol: 'imaps',
      host: 'imap.gmail.com',
      port: 993,
      smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls', sameAsIncoming: true, username: null },
    });
  });

  it('asks for a host when there is no preset for the domain', () => {
    const fields = validationFields(() =>
      parseCreateMailboxInput({ email: 'a@example.com', password: 'x', protocol: 'imap' }),
    );
    expect(fields).toEqual([{ path: 'host', message: expect.stringMatching(/host name/) }]);
  });

  it('requires an address and a password, with field messages', () => {
    const fields = validationFields(() => parseCreateMailboxInput({ protocol: 'imap', host: 'mail.example.com' }));
    expect(fields.map((f) => f.path).sort()).toEqual(['email', 'password']);
    expect(validationFields(() => parseCreateMailboxInput({ ...base, email: 'nope' }))[0]).toEqual({
      path: 'email',
      message: 'Enter a valid email address.',
    });
  });

  it('rejects an unknown protocol, a bad port and a bad host name with their own messages', () => {
    expect(validationFields(() => parseCreateMailboxInput({ ...base, protocol: 'smtp' }))[0]).toMatchObject({
      path: 'protocol',
      message: expect.stringMatching(/imap, imaps, pop3 or pop3s/),
    });
    expect(validationFields(() => parseCreateMailboxInput({ ...base, port: 70000 }))[0]).toMatchObject({
      path: 'port',
      message: expect.stringMatching(/between 1 and 65535/),
    });
    expect(validationFields(() => parseCreateMailboxInput({ ...base, host: 'mail example.com' }))[0]).toMatchObject({
      path: 'host',
    });
    expect(validationFields(() => parseCreateMailboxInput({ ...base, host: '-bad.example.com' }))[0]).toMatchObject({
      path: 'host',
    });
  });

  it('accepts IP addresses (bracketed IPv6 too) and international host names', () => {
    expect(parseCreateMailboxInput({ ...base, host: '[2001:db8::1]' }).settings.host).toBe('2001:db8::1');
    expect(parseCreateMailboxInput({ ...base, host: '192.0.2.10' }).settings.host).toBe('192.0.2.10');
    expect(parseCreateMailboxInput({ ...base, host: 'mail.bücher.example' }).settings.host).toBe(
      'mail.xn--bcher-kva.example',
    );
  });

  it('allows STARTTLS off only for imap and pop3', () => {
    expect(parseCreateMailboxInput({ ...base, protocol: 'imap', starttls: 'off' }).settings.starttls).toBe('off');
    expect(parseCreateMailboxInput({ ...base, protocol: 'pop3', starttls: 'off' }).settings.starttls).toBe('off');
    for (const protocol of ['imaps', 'pop3s']) {
      expect(validationFields(() => parseCreateMailboxInput({ ...base, protocol, starttls: 'off' }))[0]).toMatchObject({
        path: 'starttls',
      });
    }
  });

  it('reads "false" from a form or the CLI as false', () => {
    const { settings } = parseCreateMailboxInput({
      ...base,
      tlsVerify: 'false',
      createCases: 'false',
      ackEnabled: false,
    });
    expect(settings).toMatchObject({ tlsVerify: false, createCases: false, ackEnabled: false });
    expect(validationFields(() => parseCreateMailboxInput({ ...base, tlsVerify: 'maybe' }))[0]).toMatchObject({
      path: 'tlsVerify',
    });
  });

  it('normalises INBOX and refuses folders for POP3', () => {
    expect(parseCreateMailboxInput({ ...base, folder: 'inbox' }).settings.folder).toBe('INBOX');
    expect(parseCreateMailboxInput({ ...base, folder: 'Support/Incoming' }).settings.folder).toBe('Support/Incoming');
    expect(
      validationFields(() => parseCreateMailboxInput({ ...base, protocol: 'pop3', folder: 'Archive' }))[0],
    ).toMatchObject({ path: 'folder' });
  });

  it('bounds the size limit and the poll interval', () => {
    expect(
      parseCreateMailboxInput({ ...base, maxMessageBytes: 1_000_000, pollIntervalSeconds: 300 }).settings,
    ).toMatchObject({ maxMessageBytes: 1_000_000, pollIntervalSeconds: 300 });
    expect(validationFields(() => parseCreateMailboxInput({ ...base, maxMessageBytes: 10 }))[0]).toMatchObject({
      path: 'maxMessageBytes',
    });
    expect(validationFields(() => parseCreateMailboxInput({ ...base, pollIntervalSeconds: 0 }))[0]).toMatchObject({
      path: 'pollIntervalSeconds',
    });
  });

  it('turns an empty display name or template into none', () => {
    const { settings } = parseCreateMailboxInput({ ...base, displayName: '  ', ackTemplate: '' });
    expect(settings).toMatchObject({ displayName: null, ackTemplate: null });
  });

  describe('SMTP', () => {
    it('uses the incoming credentials by default, and derives port from security and security from port', () => {
      expect(parseCreateMailboxInput({ ...base, smtp: { host: 'smtp.example.com' } }).settings.smtp).toEqual({
        host: 'smtp.example.com',
        port: 587,
        security: 'starttls',
        sameAsIncoming: true,
        username: null,
      });
      expect(
        parseCreateMailboxInput({ ...base, smtp: { host: 'smtp.example.com', security: 'tls' } }).settings.smtp,
      ).toMatchObject({ port: 465 });
      expect(
        parseCreateMailboxInput({ ...base, smtp: { host: 'smtp.example.com', port: 465 } }).settings.smtp,
      ).toMatchObject({ security: 'tls' });
      expect(
        parseCreateMailboxInput({ ...base, smtp: { host: 'smtp.example.com', security: 'none' } }).settings.smtp,
      ).toMatchObject({ port: 25 });
    });

    it('takes separate credentials, which need both a username and a password', () => {
      const r = parseCreateMailboxInput({
        ...base,
        smtp: { host: 'smtp.example.com', username: 'relay', password: 'relay-pw' },
      });
      expect(r.settings.smtp).toMatchObject({ sameAsIncoming: false, username: 'relay' });
      expect(r.smtpPassword).toBe('relay-pw');
      expect(
        validationFields(() =>
          parseCreateMailboxInput({ ...base, smtp: { host: 'smtp.example.com', username: 'relay' } }),
        )[0],
      ).toMatchObject({ path: 'smtp.password' });
      expect(
        validationFields(() =>
          parseCreateMailboxInput({ ...base, smtp: { host: 'smtp.example.com', sameAsIncoming: false } }),
        )[0],
      ).toMatchObject({ path: 'smtp.username' });
    });

    it('refuses “same as incoming” together with separate credentials, and credentials without a host', () => {
      expect(
        validationFields(() =>
          parseCreateMailboxInput({
            ...base,
            smtp: { host: 'smtp.example.com', sameAsIncoming: true, username: 'x', password: 'y' },
          }),
        )[0],
      ).toMatchObject({ path: 'smtp.sameAsIncoming' });
      expect(
        validationFields(() => parseCreateMailboxInput({ ...base, smtp: { username: 'x', password: 'y' } }))[0],
      ).toMatchObject({ path: 'smtp.host' });
    });
  });
});

describe('updating a mailbox', () => {
  const current: MailboxSettings = parseCreateMailboxInput({
    ...base,
    protocol: 'imap',
    smtp: { host: 'smtp.example.com' },
  }).settings;

  it('keeps everything not in the patch, and returns no password when none is given', () => {
    const r = parseUpdateMailboxInput(current, { displayName: 'Support' }, { hasStoredSmtpPassword: false });
    expect(r.settings).toEqual({ ...current, displayName: 'Support' });
    expect(r.password).toBeUndefined();
  });

  it('moves a default port along with a protocol change, but keeps a custom one', () => {
    expect(
      parseUpdateMailboxInput(current, { protocol: 'imaps' }, { hasStoredSmtpPassword: false }).settings.port,
    ).toBe(993);
    const custom = { ...current, port: 10143 };
    expect(parseUpdateMailboxInput(custom, { protocol: 'imaps' }, { hasStoredSmtpPassword: false }).settings.port).toBe(
      10143,
    );
  });

  it('resets STARTTLS off when switching to a TLS-only protocol', () => {
    const off = { ...current, starttls: 'off' as const };
    expect(
      parseUpdateMailboxInput(off, { protocol: 'imaps' }, { hasStoredSmtpPassword: false }).settings.starttls,
    ).toBe('required');
  });

  it('lets a username that was the old address follow a new address', () => {
    expect(
      parseUpdateMailboxInput(current, { email: 'help@example.com' }, { hasStoredSmtpPassword: false }).settings
        .username,
    ).toBe('help@example.com');
    const own = { ...current, username: 'svc' };
    expect(
      parseUpdateMailboxInput(own, { email: 'help@example.com' }, { hasStoredSmtpPassword: false }).settings.username,
    ).toBe('svc');
  });

  it('switches SMTP to separate credentials, keeping a stored SMTP password, and removes SMTP with null', () => {
    expect(
      validationFields(() =>
        parseUpdateMailboxInput(current, { smtp: { username: 'relay' } }, { hasStoredSmtpPassword: false }),
      )[0],
    ).toMatchObject({ path: 'smtp.password' });
    const kept = parseUpdateMailboxInput(current, { smtp: { username: 'relay' } }, { hasStoredSmtpPassword: true });
    expect(kept.settings.smtp).toMatchObject({ host: 'smtp.example.com', sameAsIncoming: false, username: 'relay' });
    expect(parseUpdateMailboxInput(current, { smtp: null }, { hasStoredSmtpPassword: true }).settings.smtp).toBeNull();
    const back = parseUpdateMailboxInput(
      kept.settings,
      { smtp: { sameAsIncoming: true } },
      { hasStoredSmtpPassword: true },
    );
    expect(back.settings.smtp).toMatchObject({ sameAsIncoming: true, username: null });
  });

  it('validates the patch like a new mailbox', () => {
    expect(
      validationFields(() => parseUpdateMailboxInput(current, { port: 0 }, { hasStoredSmtpPassword: false }))[0],
    ).toMatchObject({ path: 'port' });
    expect(
      validationFields(() =>
        parseUpdateMailboxInput(current, { protocol: 'pop3s', starttls: 'off' }, { hasStoredSmtpPassword: false }),
      )[0],
    ).toMatchObject({ path: 'starttls' });
  });
});
