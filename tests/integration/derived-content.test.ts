// The case page renders what ingestion stored (sanitized HTML, text blocks, caps), never a fresh
// sanitize: changing the sanitizer's rules changes existing messages only once they are backfilled.
// Used to: the page sanitized and pattern-matched every body on every render (every 5 s), so one
// 11 MB HTML mail or a long "Am … schrieb" line stalled the server for seconds per view.
import { describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { backfillDerivedContent } from '@/lib/cases/backfill-derived-content';
import { getCaseByNumber } from '@/lib/cases/queries/get-case';
import { DERIVED_CONTENT_VERSION, deriveContent, DISPLAY_HTML_MAX_CHARS } from '@/lib/mail/derive-content';
import { renderStoredHtml } from '@/lib/mail/render-stored-html';
import { sanitizeEmailHtml, type SanitizeEmailOptions } from '@/lib/mail/sanitize-html';
import { makeMailboxRow } from '@/tests/helpers/receive-mail';
import { receiveNewCase } from '@/tests/helpers/receive-built-mail';
import { makeTenant } from '@/tests/helpers/tenant';

async function caseOf(tenantId: string, number: number) {
  return withTenant(tenantId, (tx) => getCaseByNumber(tx, number, { forDisplay: true }));
}

describe('stored display content', () => {
  it('a sanitizer change does not change how an existing message renders until the backfill runs', async () => {
    const tenant = await makeTenant('derived');
    const mailbox = await makeMailboxRow(tenant.tenantId);
    const got = await receiveNewCase(tenant.tenantId, mailbox, {
      from: 'ann@example.org',
      subject: 'Bold request',
      html: '<p>Hello <b>bold</b> world <img src="https://tracker.example/p.gif" alt="logo"></p>',
    });

    const before = (await caseOf(tenant.tenantId, got.caseNumber)).messages[0];
    expect(before.html).toBeNull(); // the page never loads the body as received
    expect(before.display?.html).toContain('<b>bold</b>');
    expect(before.display?.blockedRemoteImages).toBe(1);
    const shown = renderStoredHtml(before.display!.html!, { remoteImages: false, cidUrl: () => null });
    expect(shown).not.toContain(' src="https://tracker.example/p.gif"');
    expect(renderStoredHtml(before.display!.html!, { remoteImages: true, cidUrl: () => null })).toContain(
      ' src="https://tracker.example/p.gif"',
    );

    // A new sanitizer that no longer allows <b>: nothing changes for the stored message…
    const stricter = (html: string, opts?: SanitizeEmailOptions) =>
      sanitizeEmailHtml(html.replaceAll('<b>', '').replaceAll('</b>', ''), opts);
    expect(deriveContent({ html: '<b>x</b>' }, stricter).html).not.toContain('<b>');
    const unchanged = (await caseOf(tenant.tenantId, got.caseNumber)).messages[0];
    expect(unchanged.display).toEqual(before.display);

    // …until the backfill brings its rows to the new version.
    const next = DERIVED_CONTENT_VERSION + 1;
    const { updated } = await backfillDerivedContent({
      tenantId: tenant.tenantId,
      version: next,
      derive: async (input) => deriveContent(input, stricter),
    });
    expect(updated).toBeGreaterThanOrEqual(1);
    const after = (await caseOf(tenant.tenantId, got.caseNumber)).messages[0];
    expect(after.display?.version).toBe(next);
    expect(after.display?.html).toContain('bold');
    expect(after.display?.html).not.toContain('<b>');
    // Resumable: a second pass finds nothing left at this version.
    expect((await backfillDerivedContent({ tenantId: tenant.tenantId, version: next })).updated).toBe(0);
  });

  it('long bodies are stored capped: an HTML body over 1 MB keeps its beginning and says so', async () => {
    const tenant = await makeTenant('derived-cap');
    const mailbox = await makeMailboxRow(tenant.tenantId);
    const paragraph = '<p>' + 'word '.repeat(40) + '</p>\n';
    const got = await receiveNewCase(
      tenant.tenantId,
      mailbox,
      {
        from: 'big@example.org',
        subject: 'Big newsletter',
        html: paragraph.repeat(Math.ceil((1.5 * 1024 * 1024) / paragraph.length)),
      },
      { maxBytes: 25 * 1024 * 1024 },
    );
    const shown = (await caseOf(tenant.tenantId, got.caseNumber)).messages[0];
    expect(shown.display?.truncated).toBe(true);
    expect(shown.display!.html!.length).toBeLessThanOrEqual(DISPLAY_HTML_MAX_CHARS);
  });

  it('a long "Am … schrieb" line is stored as plain text blocks, split once at ingestion', async () => {
    const tenant = await makeTenant('derived-quote');
    const mailbox = await makeMailboxRow(tenant.tenantId);
    const text = 'Danke!\n\nAm ' + 'schrieb'.repeat(32_000) + '\n\nAm Montag schrieb Bob:\n> alt\n';
    const t = Date.now();
    const got = await receiveNewCase(tenant.tenantId, mailbox, { from: 'de@example.org', subject: 'Frage', text });
    expect(Date.now() - t).toBeLessThan(30_000);
    const blocks = (await caseOf(tenant.tenantId, got.caseNumber)).messages[0].display!.text!;
    expect(blocks.map((b) => b.quoted)).toEqual([false, true]);
    expect(blocks[1].parts[0].text).toMatch(/^Am Montag schrieb Bob:/);
  });
});
