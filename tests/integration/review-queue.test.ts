// The review queue's data: GET /api/v1/ignored-messages with reason, mailbox and released filters,
// `ignored list --reason --held`, and the block-sender / not-spam actions, with real API keys and PostgreSQL.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { POST as blockSender } from '@/app/api/v1/ignored-messages/[id]/block-sender/route';
import { POST as notSpam } from '@/app/api/v1/ignored-messages/[id]/not-spam/route';
import { GET as listIgnored } from '@/app/api/v1/ignored-messages/route';
import '@/lib/cli/commands/ignored';
import { listSenderEntries } from '@/lib/rules/sender-list-entries';
import { apiKeyFor } from '@/tests/helpers/api-key';
import { type RouteHandler } from '@/tests/helpers/call-route';
import { callWithKey } from '@/tests/helpers/call-with-key';
import { receiveBuiltMail } from '@/tests/helpers/receive-built-mail';
import { makeMailboxRow } from '@/tests/helpers/receive-mail';
import { runCliCaptured } from '@/tests/helpers/run-cli-in-process';
import { makeTenant } from '@/tests/helpers/tenant';

async function setup() {
  const tenant = await makeTenant('rq');
  const key = await apiKeyFor(tenant.tenantId);
  const [a, b] = [await makeMailboxRow(tenant.tenantId), await makeMailboxRow(tenant.tenantId)];
  const uid = () => randomBytes(3).toString('hex');
  const send = (mailbox: typeof a, subject: string, headers: Record<string, string> = {}, from?: string) =>
    receiveBuiltMail(tenant.tenantId, mailbox, {
      from: from ?? `x-${uid()}@sender.example`,
      subject,
      text: 'x',
      headers,
    });
  await send(a, 'Spam in A', { 'X-Spam-Flag': 'YES' }, 'spammer@junk.example');
  await send(b, 'Spam in B', { 'X-Spam': 'Yes' });
  await send(a, 'Away', { 'Auto-Submitted': 'auto-replied' });
  await send(a, 'A person');
  return { ...tenant, key, a, b };
}

const subjects = (r: { body: any }) => r.body.data.map((i: any) => i.subject).sort();
const lister = (t: { key: string }) => (q: string) => callWithKey(listIgnored, t.key, `/api/v1/ignored-messages?${q}`);
const act = (handler: RouteHandler, t: { key: string }, id: string) =>
  callWithKey(handler, t.key, `/x`, { id }, 'POST');

describe('review queue', () => {
  it('filters by reason and mailbox; an unknown reason is 422', async () => {
    const t = await setup();
    const list = lister(t);
    expect(subjects(await list('reason=spam'))).toEqual(['Spam in A', 'Spam in B']);
    expect(subjects(await list(`reason=spam&mailboxId=${t.a.id}`))).toEqual(['Spam in A']);
    expect(subjects(await list('reason=auto-generated'))).toEqual(['Away']);
    expect((await list('reason=spam')).body.data[0]).toMatchObject({ kind: 'spam', reviewReason: 'spam' });
    expect((await list('reason=nonsense')).status).toBe(422);
  });

  it('block sender puts the sender on the blocked list (twice is fine); not spam releases the message and allows its sender; released=false|true tell them apart', async () => {
    const t = await setup();
    const list = lister(t);
    const spamA = (await list(`reason=spam&mailboxId=${t.a.id}`)).body.data[0];
    const blocked = await act(blockSender, t, spamA.id);
    expect(blocked).toMatchObject({ status: 200, body: { blocked: 'spammer@junk.example' } });
    expect((await act(blockSender, t, spamA.id)).status).toBe(200); // already on the list

    const spamB = (await list(`reason=spam&mailboxId=${t.b.id}`)).body.data[0];
    const released = await act(notSpam, t, spamB.id);
    expect(released.body).toMatchObject({ outcome: 'created', allowed: spamB.from });
    const entries = await withTenant(t.tenantId, (tx) => listSenderEntries(tx));
    expect(entries.map((e: any) => [e.kind, e.pattern]).sort()).toEqual(
      [
        ['allowed', spamB.from],
        ['blocked', 'spammer@junk.example'],
      ].sort(),
    );
    expect(subjects(await list('reason=spam&released=false'))).toEqual(['Spam in A']);
    expect(subjects(await list('reason=spam&released=true'))).toEqual(['Spam in B']);
  });

  it('another tenant’s key cannot act on a held message (404)', async () => {
    const t = await setup();
    const spamA = (await lister(t)(`reason=spam&mailboxId=${t.a.id}`)).body.data[0];
    const other = await setup();
    expect((await act(blockSender, other, spamA.id)).status).toBe(404);
    expect((await act(notSpam, other, spamA.id)).status).toBe(404);
  });

  it('`ignored list --reason spam --held` lists the held spam', async () => {
    const t = await setup();
    const { code, stdout } = await runCliCaptured([
      'ignored',
      'list',
      '--tenant',
      t.slug,
      '--reason',
      'spam',
      '--held',
    ]);
    expect(code).toBe(0);
    expect(
      JSON.parse(stdout)
        .map((i: any) => i.subject)
        .sort(),
    ).toEqual(['Spam in A', 'Spam in B']);
  });
});
