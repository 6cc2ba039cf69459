// Provider presets fill the server settings from the address's domain.
import { describe, expect, it } from 'vitest';
import { presetForAddress } from '@/lib/mailboxes/presets';

describe('presetForAddress', () => {
  it.each([
    ['help@gmail.com', 'imap.gmail.com', 'smtp.gmail.com'],
    ['help@googlemail.com', 'imap.gmail.com', 'smtp.gmail.com'],
    ['help@outlook.com', 'outlook.office365.com', 'smtp-mail.outlook.com'],
    ['help@hotmail.co.uk', 'outlook.office365.com', 'smtp-mail.outlook.com'],
    ['help@live.com', 'outlook.office365.com', 'smtp-mail.outlook.com'],
    ['help@contoso.onmicrosoft.com', 'outlook.office365.com', 'smtp.office365.com'],
    ['help@yahoo.com', 'imap.mail.yahoo.com', 'smtp.mail.yahoo.com'],
    ['help@ymail.com', 'imap.mail.yahoo.com', 'smtp.mail.yahoo.com'],
    ['help@icloud.com', 'imap.mail.me.com', 'smtp.mail.me.com'],
    ['help@me.com', 'imap.mail.me.com', 'smtp.mail.me.com'],
    ['help@mac.com', 'imap.mail.me.com', 'smtp.mail.me.com'],
    ['help@fastmail.com', 'imap.fastmail.com', 'smtp.fastmail.com'],
    ['help@zoho.com', 'imap.zoho.com', 'smtp.zoho.com'],
    ['help@gmx.net', 'imap.gmx.net', 'mail.gmx.net'],
    ['help@gmx.de', 'imap.gmx.net', 'mail.gmx.net'],
    ['help@gmx.com', 'imap.gmx.com', 'mail.gmx.com'],
  ])('%s uses IMAPS on %s and SMTP on %s', (email, imap, smtp) => {
    const preset = presetForAddress(email);
    expect(preset).toMatchObject({ protocol: 'imaps', host: imap, port: 993, smtp: { host: smtp } });
    expect(preset!.smtp.security).toBe(preset!.smtp.port === 465 ? 'tls' : 'starttls');
    expect([465, 587]).toContain(preset!.smtp.port);
  });

  it('matches the domain case-insensitively', () => {
    expect(presetForAddress('Help@GMAIL.COM')?.host).toBe('imap.gmail.com');
  });

  it('knows nothing about other domains, look-alikes or subdomains of providers', () => {
    expect(presetForAddress('help@example.com')).toBeNull();
    expect(presetForAddress('help@notgmail.com')).toBeNull();
    expect(presetForAddress('help@mail.gmail.com.evil.test')).toBeNull();
    expect(presetForAddress('not-an-address')).toBeNull();
  });
});
