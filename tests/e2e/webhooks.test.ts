// In Chromium: add an endpoint (secret shown once), see a failed delivery in
// the log with its attempt (time, status, duration, response, error), Replay it to success, and
// see why an endpoint was disabled after a 410.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { deliverDueWebhooks } from '@/lib/webhooks/deliver-due-webhooks';
import { withTenant } from '@/db/tenancy';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { signInCookie } from '../helpers/app-server';
import { screenshot } from '../helpers/browser';
import { dispatchTenantOutbox } from '../helpers/dispatch-tenant-outbox';
import { buildMail } from '../helpers/mail-builder';
import { ownerOf, signIn } from '../helpers/sign-in';
import { makeMailboxRow, receiveMail } from '../helpers/receive-mail';
import { makeTenant, type TestTenant } from '../helpers/tenant';
import { useAppAndBrowser } from '../helpers/use-app';
import { useStarted } from '../helpers/use-started';
import { startWebhookReceiver } from '../helpers/webhook-receiver';

const { app, browser } = useAppAndBrowser();
const receiver = useStarted(startWebhookReceiver, (r) => r.stop());
let tenant: TestTenant;

beforeAll(async () => {
  tenant = await makeTenant('e2e-wh');
});

const signInAsOwner = (page: Page) => signIn(page, app.url, ownerOf(tenant), tenant.slug);

describe('webhooks in the browser', () => {
  it('add an endpoint, read the delivery log, replay a failed delivery, see why it was disabled', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInAsOwner(page);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL(/\/settings\/webhooks$/);

    // Add: the secret is shown once.
    await page.getByLabel('Endpoint URL').fill(receiver.url('/e2e'));
    await page.getByLabel('Description').fill('Browser test');
    await page.getByRole('checkbox', { name: 'case.created', exact: true }).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secretBox = page.getByTestId('webhook-secret');
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    receiver.secrets.push(secret);
    await screenshot(page, 'webhooks-01-created');
    await page.reload();
    await expect.poll(() => page.getByTestId('webhook-endpoint-row').count()).toBe(1);
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // A case while the receiver is down: one failed attempt in the log.
    receiver.respond(() => ({ status: 500, body: 'receiver down for maintenance' }));
    const mailbox = await makeMailboxRow(tenant.tenantId);
    await receiveMail(
      tenant.tenantId,
      mailbox,
      buildMail({ from: 'Ann <ann@customer.example>', to: mailbox.email, subject: 'Printer on fire', text: 'help' }),
    );
    await dispatchTenantOutbox(tenant.tenantId);
    await deliverDueWebhooks({ tenantId: tenant.tenantId });
    expect(receiver.received).toHaveLength(1);

    await page.getByRole('link', { name: receiver.url('/e2e') }).click();
    await page.waitForURL(/\/settings\/webhooks\/[0-9a-f-]{36}$/);
    const delivery = page.getByTestId('webhook-delivery');
    await expect.poll(() => delivery.count()).toBe(1);
    expect(await delivery.getByTestId('delivery-status').textContent()).toBe('pending');
    expect(await delivery.textContent()).toContain(`webhook-id ${receiver.received[0].id}`);
    const attempt = delivery.getByTestId('webhook-attempt');
    expect(await attempt.count()).toBe(1);
    expect(await attempt.getByTestId('attempt-status').textContent()).toBe('500');
    const attemptText = await attempt.textContent();
    expect(attemptText).toContain('receiver down for maintenance');
    expect(attemptText).toContain('The endpoint answered 500.');
    expect(attemptText).toMatch(/\d+ ms/);
    expect(attemptText).toMatch(/UTC/);
    await screenshot(page, 'webhooks-02-failed-attempt');

    // Replay: sent at once, same webhook-id, now a success.
    receiver.respond(() => ({ status: 200, body: 'thanks' }));
    await delivery.getByRole('button', { name: /^Replay/ }).click();
    await page.getByText('Replayed: succeeded (200)').waitFor();
    await page.reload();
    await expect
      .poll(() => page.getByTestId('webhook-delivery').getByTestId('delivery-status').textContent())
      .toBe('succeeded');
    const attempts = page.getByTestId('webhook-delivery').getByTestId('webhook-attempt');
    expect(await attempts.count()).toBe(2);
    expect(await attempts.first().getByTestId('attempt-status').textContent()).toBe('200');
    expect(await attempts.first().textContent()).toContain('thanks');
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].id).toBe(receiver.received[0].id);
    expect(receiver.received[1].body).toBe(receiver.received[0].body);
    expect(receiver.received.every((r) => r.verifiedWith.includes(secret))).toBe(true);
    await screenshot(page, 'webhooks-03-replayed');

    // A 410 to the test event disables the endpoint, and the page says why.
    receiver.respond(() => ({ status: 410, body: 'gone' }));
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText(/Not delivered/).waitFor();
    await page.reload();
    const reason = page.getByTestId('disabled-reason');
    await reason.waitFor();
    expect(await reason.textContent()).toMatch(/410 Gone/);
    expect(receiver.received.at(-1)?.payload?.type).toBe('webhook.test');
    await screenshot(page, 'webhooks-04-disabled');
    receiver.respond(() => ({ status: 200 }));
  });

  it('another tenant’s endpoint page is a 404, under its slug or under one’s own', async () => {
    const other = await makeTenant('e2e-wh-other');
    const foreign = await withTenant(other.tenantId, (tx) =>
      createWebhookEndpoint(tx, {
        tenantId: other.tenantId,
        input: { url: receiver.url('/other') },
        actor: { kind: 'system' },
      }),
    );
    const mine = await withTenant(tenant.tenantId, (tx) =>
      createWebhookEndpoint(tx, {
        tenantId: tenant.tenantId,
        input: { url: receiver.url('/mine') },
        actor: { kind: 'system' },
      }),
    );
    const cookie = await signInCookie(app.url, tenant.ownerEmail, tenant.ownerPassword);
    const status = async (path: string) =>
      (await fetch(app.url + path, { headers: { cookie }, redirect: 'manual' })).status;
    expect(await status(`/t/${other.slug}/settings/webhooks/${foreign.id}`)).toBe(404);
    expect(await status(`/t/${tenant.slug}/settings/webhooks/${foreign.id}`)).toBe(404);
    expect(await status(`/t/${tenant.slug}/settings/webhooks/not-a-uuid`)).toBe(404);
    expect(await status(`/t/${tenant.slug}/settings/webhooks/${mine.id}`)).toBe(200);
    expect(await status(`/t/${tenant.slug}/settings/webhooks`)).toBe(200);
  });
});
