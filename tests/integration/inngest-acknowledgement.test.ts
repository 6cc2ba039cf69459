// The Inngest acknowledgement sender: the same sendAcknowledgement, once per case, retried when SMTP
// says "later", with nothing secret or personal in what Inngest keeps.
import { randomBytes } from 'node:crypto';
import { InngestTestEngine } from '@inngest/test';
import { and, eq } from 'drizzle-orm';
import { StepOpCode } from 'inngest/types';
import { describe, expect, it } from 'vitest';
import { caseMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { sendAcknowledgementFunction } from '@/inngest/functions/send-acknowledgement';
import { makeMailboxRow, type TestMailbox } from '../helpers/receive-mail';
import { receiveNewCase } from '../helpers/receive-built-mail';
import { sendingToSink } from '../helpers/sink-mailbox';
import { startSmtpSink } from '../helpers/smtp-sink';
import { makeTenant } from '../helpers/tenant';
import { useStarted } from '../helpers/use-started';

const canary = (label: string) => `canary-${label}-${randomBytes(8).toString('hex')}`;
const smtpPassword = canary('smtp-password');
const sink = useStarted(
  () => startSmtpSink({ starttls: false, auth: { user: 'relay', pass: smtpPassword } }),
  (started) => started.stop(),
);

async function setup() {
  const tenant = await makeTenant('inngest-ack');
  const mailbox = await makeMailboxRow(
    tenant.tenantId,
    sendingToSink(sink.port, { login: { tenantId: tenant.tenantId, user: 'relay', pass: smtpPassword } }),
  );
  return { tenantId: tenant.tenantId, mailbox };
}

async function newCase(tenantId: string, mailbox: TestMailbox, from: string, body: string) {
  const r = await receiveNewCase(tenantId, mailbox, {
    from,
    subject: `Question ${randomBytes(3).toString('hex')}`,
    text: body,
  });
  return r.caseId;
}

const requested = (tenantId: string, caseId: string) => ({
  name: 'case/acknowledgement.requested',
  data: { tenantId, caseId },
});

async function stepOutputs(state: Record<string, Promise<unknown>>) {
  return JSON.stringify(
    await Promise.all(
      Object.values(state).map((p) =>
        p.then(
          (v) => v,
          (e: unknown) => String(e),
        ),
      ),
    ),
  );
}

describe('the Inngest acknowledgement sender', () => {
  it('sends the acknowledgement once, however often it is asked; steps keep the status, not the password, address or text', async () => {
    const { tenantId, mailbox } = await setup();
    const from = `cust-${randomBytes(4).toString('hex')}@customer.example`;
    const body = canary('body');
    const caseId = await newCase(tenantId, mailbox, from, `Hello, ${body}`);

    const first = await new InngestTestEngine({ function: sendAcknowledgementFunction }).execute({
      events: [requested(tenantId, caseId)],
    });
    expect(first.error).toBeUndefined();
    expect(first.result).toMatchObject({ status: 'sent', reason: 'sent' });
    await sink.waitFor(1);
    const second = await new InngestTestEngine({ function: sendAcknowledgementFunction }).execute({
      events: [requested(tenantId, caseId)],
    });
    expect(second.result).toMatchObject({ status: 'sent', reason: 'already-sent' });
    expect(sink.messages.filter((m) => m.envelope.to.includes(from))).toHaveLength(1);

    const kept =
      JSON.stringify([first.result, second.result]) +
      (await stepOutputs(first.state)) +
      (await stepOutputs(second.state));
    expect(kept).toContain('already-sent');
    for (const secret of [smtpPassword, body, from]) expect(kept).not.toContain(secret);
  });

  it('a temporary SMTP refusal records the failure and the run sleeps until the retry time sendAcknowledgement set', async () => {
    const { tenantId, mailbox } = await setup();
    const from = `later-${randomBytes(4).toString('hex')}@customer.example`;
    const caseId = await newCase(tenantId, mailbox, from, 'Hello');
    sink.refuseWith({ code: 451, message: '4.3.0 try again later' });
    try {
      const { step } = await new InngestTestEngine({ function: sendAcknowledgementFunction }).executeStep('wait-0', {
        events: [requested(tenantId, caseId)],
      });
      expect(step.op).toBe(StepOpCode.Sleep);
      const [row] = await withTenant(tenantId, (tx) =>
        tx
          .select()
          .from(caseMessages)
          .where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.systemKind, 'acknowledgement'))),
      );
      expect(row).toMatchObject({ deliveryStatus: 'failed', deliveryAttempts: 1 });
      expect(row.nextDeliveryAt).not.toBeNull();
      // The sleep ends when the case's acknowledgement is due again.
      expect(new Date(String((step.opts as { timeout?: string }).timeout ?? step.name)).getTime()).toBe(
        row.nextDeliveryAt!.getTime(),
      );
    } finally {
      sink.refuseWith(undefined);
    }
  });

  it('an unknown case is skipped, not retried', async () => {
    const tenant = await makeTenant('inngest-ack-missing');
    const run = await new InngestTestEngine({ function: sendAcknowledgementFunction }).execute({
      events: [requested(tenant.tenantId, '7d3f1c2e-9a4b-4c6d-8e2f-1a2b3c4d5e6f')],
    });
    expect(run.result).toEqual({ status: 'skipped', reason: 'case-not-found', retry: null, retryAt: null });
  });
});
