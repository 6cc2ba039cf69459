import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFile } from '@/lib/mail/classify-file';
import { AppError } from '@/lib/errors';

const fixtures = path.resolve(__dirname, '../fixtures/mail');

describe('classifyFile', () => {
  it('answers verdict, kind, reason and the threading headers of an .eml file', async () => {
    const result = await classifyFile(path.join(fixtures, 'auto/gmail-vacation-en.eml'));
    expect(result).toEqual({
      verdict: 'auto-generated',
      kind: 'vacation',
      reason: 'header:auto-submitted=auto-replied',
      subject: 'Away until June 20',
      messageId: 'CAJx7kqv3t9bY1nPq2rS8uT4vW5xY6zA7bC8dE9fG0hI1jK2lMn@mail.gmail.com',
      inReplyTo: 'cf.24.2b3c4d5e6f708192.a3b4c5d6e7f8091a2b3c4d5e@acme.test',
      references: ['cf.24.2b3c4d5e6f708192.a3b4c5d6e7f8091a2b3c4d5e@acme.test'],
      referencedMessageIds: ['cf.24.2b3c4d5e6f708192.a3b4c5d6e7f8091a2b3c4d5e@acme.test'],
    });
  });

  it('answers null, not a missing key, for absent headers of a normal message', async () => {
    const result = await classifyFile(path.join(fixtures, 'normal/missing-date-and-message-id.eml'));
    expect(JSON.parse(JSON.stringify(result))).toEqual({
      verdict: 'normal',
      kind: 'normal',
      reason: 'normal',
      subject: 'Ticket from legacy form',
      messageId: null,
      inReplyTo: null,
      references: [],
    });
  });

  it('answers quarantined with the reason for a message that cannot be parsed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'caseflow-classify-'));
    // A header field past the field limit (a body nested too deep is read in salvage mode instead).
    const file = path.join(dir, 'long-header.eml');
    writeFileSync(file, `From: a@example.com\r\nX-Junk: ${'j'.repeat(300 * 1024)}\r\n\r\nx\r\n`);
    expect(await classifyFile(file)).toEqual({
      verdict: 'quarantined',
      kind: null,
      reason: 'header-line-too-long',
      subject: null,
      messageId: null,
      inReplyTo: null,
      references: [],
    });
  });

  it('throws a not_found AppError for a missing file', async () => {
    const err = await classifyFile(path.join(fixtures, 'does-not-exist.eml')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('not_found');
  });
});
