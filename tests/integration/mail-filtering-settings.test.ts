// A mailbox's filtering settings (sender verification, trusted authserv-id, spam thresholds) through
// /api/v1/mailboxes/:id/filtering and `mailbox filtering`, with real API keys and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { GET as getMailbox } from '@/app/api/v1/mailboxes/[id]/route';
import { GET as getFiltering, PATCH as patchFiltering } from '@/app/api/v1/mailboxes/[id]/filtering/route';
import '@/lib/cli/commands/mailbox';
import { makeTenantWithKey } from '@/tests/helpers/api-key';
import { runCliJson } from '@/tests/helpers/run-cli-in-process';
import { callRoute, type RouteHandler } from '@/tests/helpers/call-route';

function tenantWithKey() {
  return makeTenantWithKey('filt');
}

async function call(handler: RouteHandler, key: string, id: string, method = 'GET', json?: unknown) {
  return callRoute(handler, { key, path: `/api/v1/mailboxes/${id}/filtering`, params: { id }, method, json });
}

describe('mailbox filtering settings', () => {
  it('start from the defaults, change through the API, and show on the mailbox', async () => {
    const t = await tenantWithKey();
    expect((await call(getFiltering, t.key, t.mailbox.id)).body).toEqual({
      senderVerification: null,
      senderVerificationApplied: 'record', // the suite's SENDER_VERIFICATION default
      trustedAuthservId: null,
      spamFilter: true,
      spamScoreThreshold: null,
      spamSclThreshold: 5,
      createContacts: true,
      senderFilter: 'anyone',
      confirmUnknownSenders: false,
      confirmationExpiryDays: 7,
      trustedArcSealers: [],
      attachments: { maxCount: null, maxBytes: null, overLimit: 'strip' },
      replyTemplate: null,
    });
    const changed = await call(patchFiltering, t.key, t.mailbox.id, 'PATCH', {
      senderVerification: 'enforce',
      trustedAuthservId: 'mx.acme.test',
      spamScoreThreshold: 6.5,
      trustedArcSealers: ['Lists.Forwarder.example', 'lists.forwarder.example'],
      attachments: { maxCount: 5, maxBytes: 5 * 1024 * 1024, overLimit: 'hold' },
      replyTemplate: 'Hi {{requester.first_name}},\n\n{{reply}}\n\n{{mailbox.name}}',
    });
    expect(changed.body).toMatchObject({
      trustedArcSealers: ['lists.forwarder.example'],
      attachments: { maxCount: 5, maxBytes: 5 * 1024 * 1024, overLimit: 'hold' },
      replyTemplate: 'Hi {{requester.first_name}},\n\n{{reply}}\n\n{{mailbox.name}}',
    });
    expect(changed).toMatchObject({
      status: 200,
      body: { senderVerification: 'enforce', senderVerificationApplied: 'enforce', trustedAuthservId: 'mx.acme.test' },
    });
    const mailbox = await getMailbox(
      new Request(`http://caseflow.test/api/v1/mailboxes/${t.mailbox.id}`, {
        headers: { authorization: `Bearer ${t.key}` },
      }),
      { params: Promise.resolve({ id: t.mailbox.id }) },
    );
    expect(((await mailbox.json()) as any).filtering).toMatchObject({ spamScoreThreshold: 6.5, spamFilter: true });
  });

  it('refuse bad values (422) and another tenant’s mailbox (404)', async () => {
    const t = await tenantWithKey();
    for (const bad of [
      { senderVerification: 'maybe' },
      { trustedAuthservId: 'mx.acme.test; dmarc=pass' },
      { spamSclThreshold: 12 },
      { unknownField: true },
      { trustedArcSealers: ['not a domain'] },
      { attachments: { maxCount: -1 } },
      { attachments: { overLimit: 'delete' } },
      { replyTemplate: 'Hello, no slot for the reply' },
    ]) {
      expect((await call(patchFiltering, t.key, t.mailbox.id, 'PATCH', bad)).status).toBe(422);
    }
    const other = await tenantWithKey();
    expect((await call(patchFiltering, other.key, t.mailbox.id, 'PATCH', { spamFilter: false })).status).toBe(404);
    expect((await call(getFiltering, t.key, t.mailbox.id)).body.spamFilter).toBe(true);
  });

  it('`mailbox filtering` changes them from the command line', async () => {
    const t = await tenantWithKey();
    const args = ['--sender-verification', 'off', '--spam-filter', 'false', '--spam-scl-threshold', '7'];
    const { code, json } = await runCliJson(['mailbox', 'filtering', t.mailbox.id, ...args]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ senderVerification: 'off', spamFilter: false, spamSclThreshold: 7 });

    // The attachments policy, trusted ARC sealers and the reply template (on stdin).
    const template = 'Hello {{requester.name}},\n\n{{reply}}\n';
    const more = [
      '--attachments-max-count',
      '3',
      '--attachments-over-limit',
      'hold',
      '--trusted-arc-sealers',
      'lists.example.org,fwd.example.net',
      '--reply-template-stdin',
    ];
    const withTemplate = await runCliJson(['mailbox', 'filtering', t.mailbox.id, ...more], template);
    expect(withTemplate.code).toBe(0);
    expect(withTemplate.json).toMatchObject({
      attachments: { maxCount: 3, maxBytes: null, overLimit: 'hold' },
      trustedArcSealers: ['lists.example.org', 'fwd.example.net'],
      replyTemplate: 'Hello {{requester.name}},\n\n{{reply}}\n',
    });
  });
});
