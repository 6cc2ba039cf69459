// A corpus of hostile messages rendered on the cases list, search results,
// every case page and the tab title. No JavaScript from a message runs (no dialog, no console line,
// no global flag in any frame) and the browser makes no request to another origin — until the agent
// clicks "Show images" on a message with a remote image (the positive control: then it does).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApp, type AppServer } from '../helpers/app-server';
import { launchBrowser, screenshot } from '../helpers/browser';
import { buildMail } from '../helpers/mail-builder';
import { makeMailboxRow, receiveMail } from '../helpers/receive-mail';
import { ownerOf, signIn } from '../helpers/sign-in';
import { makeTenant, type TestTenant } from '../helpers/tenant';
import { xssCorpus } from '../fixtures/xss/corpus';
import { displayString, LIST_TEXT_MAX } from '@/app/_components/display-text';

let app: AppServer;
let browser: Browser;
let tenant: TestTenant;
const caseNumbers = new Map<string, number>();
let inlineCase = 0;
// 1×1 PNG: a benign inline (cid:) image must still show, served from our own origin.
const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4a90000000049454e44ae426082',
  'hex',
);

beforeAll(async () => {
  [app, browser, tenant] = await Promise.all([
    startApp({ databaseUrl: inject('databaseUrl') }),
    launchBrowser(),
    makeTenant('xss'),
  ]);
  const mailbox = await makeMailboxRow(tenant.tenantId);
  for (const c of xssCorpus) {
    const r = await receiveMail(tenant.tenantId, mailbox, buildMail({ ...c.spec, to: mailbox.email }));
    if (r.outcome !== 'created') throw new Error(`${c.name}: expected a case, got ${r.outcome}`);
    caseNumbers.set(c.name, r.caseNumber);
  }
  const benign = await receiveMail(
    tenant.tenantId,
    mailbox,
    buildMail({
      from: 'Friend <friend@customer.example>',
      to: mailbox.email,
      subject: 'Our logo',
      html: '<p>Logo: <img src="cid:logo@friend" alt="logo"></p>',
      attachments: [{ filename: 'logo.png', contentType: 'image/png', contentId: 'logo@friend', content: png }],
    }),
  );
  if (benign.outcome !== 'created') throw new Error('benign message did not open a case');
  inlineCase = benign.caseNumber;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

type Watch = { dialogs: string[]; consoleHits: string[]; foreign: string[] };

async function watchedContext(): Promise<{ context: BrowserContext; page: Page; watch: Watch }> {
  const context = await browser.newContext();
  const watch: Watch = { dialogs: [], consoleHits: [], foreign: [] };
  const origin = new URL(app.url).origin;
  // Every request leaves through here: one to another origin is recorded (and never reaches the network).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^https?:/.test(url) && new URL(url).origin !== origin) {
      watch.foreign.push(url);
      return route.abort();
    }
    return route.continue();
  });
  const page = await context.newPage();
  // Any further tab is a popup a message opened.
  context.on('page', (p) => watch.foreign.push(`popup: ${p.url()}`));
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.text().includes('XSS-RAN')) watch.consoleHits.push(m.text());
  });
  await signIn(page, app.url, ownerOf(tenant), tenant.slug);
  return { context, page, watch };
}

/** The flag a payload would set, in the page and in every frame that lets us look. */
async function flagsSet(page: Page): Promise<string[]> {
  const hits: string[] = [];
  for (const frame of page.frames()) {
    const set = await frame
      .evaluate(() => (window as unknown as { __xss?: unknown }).__xss !== undefined)
      .catch(() => false);
    if (set) hits.push(frame.url());
  }
  return hits;
}

async function settle(page: Page) {
  await page.waitForLoadState('load');
  // Let lazy frames load and any timers a payload might have set fire.
  await page.evaluate(() => document.querySelectorAll('iframe').forEach((f) => f.scrollIntoView()));
  await page.waitForTimeout(300);
}

function expectClean(watch: Watch, where: string) {
  expect({ where, dialogs: watch.dialogs, console: watch.consoleHits, foreign: watch.foreign }).toEqual({
    where,
    dialogs: [],
    console: [],
    foreign: [],
  });
}

describe('hostile email in the browser', () => {
  it(`renders ${xssCorpus.length} hostile messages on the list, search, case pages and titles without running them or fetching elsewhere`, async () => {
    expect(xssCorpus.length).toBeGreaterThanOrEqual(40);
    const { context, page, watch } = await watchedContext();
    const base = `${app.url}/t/${tenant.slug}/cases`;

    await page.goto(`${base}?view=all`);
    await page.getByTestId('case-list').waitFor();
    await settle(page);
    expect(await page.getByTestId('case-row').count()).toBe(xssCorpus.length + 1);
    // Hostile subjects are text: the literal markup is visible.
    expect(await page.getByText('xsscorpus <script>', { exact: false }).count()).toBeGreaterThan(0);
    await screenshot(page, 'xss-01-list');
    expectClean(watch, 'list');
    expect(await flagsSet(page)).toEqual([]);

    await page.goto(`${base}?q=xsscorpus`);
    await page.getByTestId('case-list').waitFor();
    await settle(page);
    expect(await page.getByTestId('case-row').count()).toBe(xssCorpus.length);
    await screenshot(page, 'xss-02-search');
    expectClean(watch, 'search');

    for (const c of xssCorpus) {
      const number = caseNumbers.get(c.name)!;
      await page.goto(`${base}/${number}`);
      await page.getByTestId('case-title').waitFor();
      await settle(page);
      expectClean(watch, c.name);
      expect(await flagsSet(page), c.name).toEqual([]);
      // Titles carry the subject as displayed: invisible characters removed, cut at LIST_TEXT_MAX.
      expect(await page.title(), c.name).toBe(`#${number} ${displayString(c.spec.subject, LIST_TEXT_MAX)} · Caseflow`);
      const frames = page.getByTestId('email-frame');
      for (let i = 0; i < (await frames.count()); i++) {
        const sandbox = await frames.nth(i).getAttribute('sandbox');
        expect(sandbox).not.toMatch(/allow-scripts|allow-same-origin/);
      }
      if (c.name === 'hostile subject' || c.name === 'svg attachment' || c.name === 'plain text payloads')
        await screenshot(page, `xss-case-${c.name}`);
    }

    // A benign inline image loads inside the frame, from our own origin (no cookie needed: a signed URL).
    await page.goto(`${base}/${inlineCase}`);
    await settle(page);
    const frame = page.frames().find((f) => f.url() === 'about:srcdoc')!;
    await expect
      .poll(() => frame.evaluate(() => (document.querySelector('img') as HTMLImageElement | null)?.naturalWidth ?? 0))
      .toBe(1);
    expectClean(watch, 'inline image');

    // Downloads of hostile attachments: never rendered as a page of ours.
    const svgCase = caseNumbers.get('svg attachment')!;
    await page.goto(`${base}/${svgCase}`);
    const href = await page.getByTestId('attachment-link').first().getAttribute('href');
    const res = await context.request.get(`${app.url}${href}`);
    expect(res.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['content-type']).toBe('application/octet-stream');

    // The positive control: "Show images" on the tracker message loads it, from the other origin.
    await page.goto(`${base}/${caseNumbers.get('remote image')!}`);
    await page.getByTestId('show-images').click();
    await expect
      .poll(() => watch.foreign.filter((u) => u.includes('evil.example/track.gif')).length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(watch.dialogs).toEqual([]);
    expect(watch.consoleHits).toEqual([]);
    expect(await flagsSet(page)).toEqual([]);
    await screenshot(page, 'xss-03-images-shown');
    await context.close();
  });
});
