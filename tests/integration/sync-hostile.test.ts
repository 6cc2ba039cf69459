// Hostile messages never stall or break a run: each becomes a case or a quarantined row.
import { describe, expect, it } from 'vitest';
import { cases, ignoredMessages, rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { makeMailbox } from '../helpers/mailbox-fixture';
import { nestedMultipartLines } from '../helpers/nested-multipart';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

function nested(depth: number): Buffer {
  const headers = [
    'From: deep@example.org',
    'To: support@support.test',
    'Subject: nested',
    'Message-ID: <nested@example.org>',
    'MIME-Version: 1.0',
  ];
  return crlf(nestedMultipartLines(depth, headers, ['Content-Type: text/plain', '', 'bottom']));
}

const hostile: Record<string, () => Buffer> = {
  'nesting 500 levels deep': () => nested(500),
  'a 1 MB header line': () =>
    crlf([
      'From: long@example.org',
      'To: support@support.test',
      `X-Long: ${'a'.repeat(1024 * 1024)}`,
      'Subject: long header',
      '',
      'body',
    ]),
  'broken base64': () =>
    crlf([
      'From: b64@example.org',
      'To: support@support.test',
      'Subject: broken base64',
      'MIME-Version: 1.0',
      'Content-Type: text/plain',
      'Content-Transfer-Encoding: base64',
      '',
      '!!!!not*base64@@@===',
      'QUJD=RE==',
    ]),
  'NUL bytes': () =>
    Buffer.concat([
      crlf(['From: nul@example.org', 'To: support@support.test', 'Subject: nul\u0000bytes', '', 'a']),
      Buffer.from([0, 0, 0x41, 0]),
      Buffer.from('\r\nend\r\n'),
    ]),
  'no Date and no Message-ID': () =>
    crlf(['From: bare@example.org', 'To: support@support.test', 'Subject: bare', '', 'no date, no id']),
  '30 MB over a 25 MB limit': () =>
    Buffer.concat([
      crlf([
        'From: big@example.org',
        'To: support@support.test',
        'Subject: huge',
        'Message-ID: <huge@example.org>',
        '',
        '',
      ]),
      Buffer.alloc(30 * 1024 * 1024, 'x'),
    ]),
};

describe('hostile messages in a mailbox', () => {
  it(
    'the run completes and each one becomes a case or a quarantined row with a reason',
    { timeout: 300_000 },
    async () => {
      const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
      await dovecot.append(
        fx.user,
        Object.values(hostile).map((make) => make()),
        { via: 'maildir' },
      );
      await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
      const s = await syncMailbox(fx.mailboxId, { untilEmpty: true });
      expect(s.error).toBeUndefined();
      expect(s.fetched).toBe(6);
      expect(s.created + s.quarantined).toBe(6);
      const rows = await withTenant(fx.tenant.tenantId, async (tx) => ({
        cases: await tx.select().from(cases),
        quarantined: await tx.select().from(ignoredMessages),
        raws: await tx.select({ size: rawMessages.size }).from(rawMessages),
      }));
      expect(rows.raws).toHaveLength(6);
      expect(rows.cases.length + rows.quarantined.length).toBe(6);
      expect(rows.quarantined.every((q) => q.outcome === 'quarantined' && q.reason.length > 0)).toBe(true);
      expect(rows.quarantined.some((q) => q.reason.startsWith('too-large'))).toBe(true);
      expect(rows.cases.some((c) => c.subject === 'bare')).toBe(true);
      expect(await dovecot.count(fx.user)).toBe(0);
    },
  );
});
