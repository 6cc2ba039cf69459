// The mailbox page during a 1,000-message import, in Chromium against the built app and a real Dovecot: the
// progress bar moves while the runner imports (the server counts a batch at a time and the page asks a tiny
// progress route every second), never backwards, and the page shows the mailbox active at the end — without a
// reload. Screenshots go to tests/e2e/artifacts/.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { Runner } from '@/lib/runner/runner';
import { startApp, type AppServer } from '../helpers/app-server';
import { launchBrowser, screenshot } from '../helpers/browser';
import { startDovecot, type TestDovecot } from '../helpers/dovecot';
import { buildMail } from '../helpers/mail-builder';
import { makeMailbox } from '../helpers/mailbox-fixture';
import { ownerOf, signedInPage } from '../helpers/sign-in';

let app: AppServer;
let browser: Browser;
let dovecot: TestDovecot;
let runner: Runner | undefined;

beforeAll(async () => {
  dovecot = await startDovecot();
  [app, browser] = await Promise.all([startApp({ databaseUrl: inject('databaseUrl') }), launchBrowser()]);
});

afterAll(async () => {
  await runner?.stop(5_000);
  await browser?.close();
  await app?.stop();
  await dovecot?.stop();
});

const TOTAL = 1000;

describe('import progress', () => {
  it('the bar increases during a 1,000-message import and the page ends on Active, without a reload', async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' });
    const messages = Array.from({ length: TOTAL }, (_, i) =>
      buildMail({
        from: `Customer ${i % 50} <c${i % 50}@customer.test>`,
        to: fx.address,
        subject: `Old question ${i}`,
        text: `Old message number ${i}.`,
        date: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
      }),
    );
    for (let i = 0; i < messages.length; i += 250) await dovecot.append(fx.user, messages.slice(i, i + 250));
    const boundary = await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    expect(boundary.total).toBe(TOTAL);

    const page = await signedInPage(browser, app.url, ownerOf(fx.tenant), fx.tenant.slug, {
      viewport: { width: 1280, height: 900 },
    });
    await page.goto(`${app.url}/t/${fx.tenant.slug}/settings/mailboxes/${fx.mailboxId}`);
    const bar = page.getByTestId('import-progress');
    await bar.waitFor();
    expect(await bar.getAttribute('aria-valuenow')).toBe('0');
    await screenshot(page, 'import-progress-01-start');

    // The import runs in a runner for this tenant (the app's own is off in tests); the page is not reloaded.
    runner = new Runner({ concurrency: 1, idleMax: 5, tickMs: 300, tenantIds: [fx.tenant.tenantId], log: () => {} });
    runner.start();
    const seen: number[] = [];
    const deadline = Date.now() + 240_000;
    let midShot = false;
    while (Date.now() < deadline) {
      const state = await page.getByTestId('mailbox-state').getAttribute('data-state');
      if (state === 'active') break;
      const value = await bar.getAttribute('aria-valuenow').catch(() => null);
      if (value !== null && Number(value) !== seen.at(-1)) seen.push(Number(value));
      if (!midShot && Number(value) > 0 && Number(value) < TOTAL) {
        midShot = true;
        await screenshot(page, 'import-progress-02-moving');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await page.getByTestId('mailbox-state').getAttribute('data-state')).toBe('active');
    await screenshot(page, 'import-progress-03-active');

    // Seen moving: at least one value strictly between the start and the end, and never backwards.
    expect(seen.filter((v) => v > 0 && v < TOTAL).length, `values seen: ${seen.join(', ')}`).toBeGreaterThan(0);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
    expect(await dovecot.count(fx.user)).toBe(0);
  });
});
