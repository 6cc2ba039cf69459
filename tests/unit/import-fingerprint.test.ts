// The import boundary's fingerprint must be the same whether it is read from the header fields a
// server returns for a listing (IMAP HEADER.FIELDS, POP3 TOP) or from the whole message fetched later.
import { describe, expect, it } from 'vitest';
import { importFingerprint } from '@/lib/mail/import-fingerprint';

const full = [
  'Received: from mx.example.org by mail.example.net',
  'Message-ID: <abc@example.org>',
  'Date: Wed, 1 Jan 2025 09:00:00 +0000',
  'From: Ann <ann@example.org>',
  'To: support@example.net',
  'Subject: A question',
  '  about invoices',
  'MIME-Version: 1.0',
  '',
  'Subject: not a header, the body',
  '',
].join('\r\n');

const fp = (s: string) => importFingerprint(Buffer.from(s, 'latin1'));

describe('importFingerprint', () => {
  it('is the same for the whole message, its header fields alone (in another order) and LF line endings', () => {
    const fieldsOnly = [
      'From: Ann <ann@example.org>',
      'Subject: A question\r\n\tabout invoices',
      'Date: Wed, 1 Jan 2025 09:00:00 +0000',
      'Message-Id : <abc@example.org>',
      '',
      '',
    ].join('\r\n');
    expect(fp(fieldsOnly)).toBe(fp(full));
    expect(fp(full.replace(/\r\n/g, '\n'))).toBe(fp(full));
  });

  it('tells messages apart by Message-ID, Date, From and Subject, and ignores the body', () => {
    expect(fp(full.replace('<abc@', '<abd@'))).not.toBe(fp(full));
    expect(fp(full.replace('09:00:00', '09:00:01'))).not.toBe(fp(full));
    expect(fp(full.replace('Ann <ann@', 'Ann <anne@'))).not.toBe(fp(full));
    expect(fp(full.replace('about invoices', 'about orders'))).not.toBe(fp(full));
    expect(fp(full.replace('not a header, the body', 'another body'))).toBe(fp(full));
  });

  it('counts the first of a repeated field and stops at the end of the header section', () => {
    const repeated = full.replace('MIME-Version: 1.0', 'Subject: a second subject\r\nMIME-Version: 1.0');
    expect(fp(repeated)).toBe(fp(full));
  });

  it('reads a huge header in one bounded pass', () => {
    const huge = `X-Junk: ${'a'.repeat(4 * 1024 * 1024)}\r\n${full}`;
    const started = Date.now();
    expect(fp(huge)).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.now() - started).toBeLessThan(2000); // generous: linear over at most 256 KB
  });
});
