// /api/v1/rules, /api/v1/sender-lists, /api/v1/mailboxes/:id/simulate and the re-run, called as
// route handlers with real API keys against real PostgreSQL; `message simulate` through the CLI runner.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, ignoredMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { POST as simulate } from '@/app/api/v1/mailboxes/[id]/simulate/route';
import { POST as moveRule } from '@/app/api/v1/rules/[id]/move/route';
import { DELETE as deleteRule, GET as getRule, PATCH as patchRule } from '@/app/api/v1/rules/[id]/route';
import { POST as reorder } from '@/app/api/v1/rules/reorder/route';
import { POST as rerun } from '@/app/api/v1/rules/rerun/route';
import { GET as listRules, POST as createRule } from '@/app/api/v1/rules/route';
import { DELETE as deleteSender } from '@/app/api/v1/sender-lists/[id]/route';
import { GET as listSenders, POST as addSender } from '@/app/api/v1/sender-lists/route';
import '@/lib/cli/commands/rules';
import { makeTenantWithKey } from '@/tests/helpers/api-key';
import { buildMail } from '@/tests/helpers/mail-builder';
import { receiveBuiltMail, receiveNewCase } from '@/tests/helpers/receive-built-mail';
import { runCliCaptured } from '@/tests/helpers/run-cli-in-process';
import { callRoute, type RouteHandler } from '@/tests/helpers/call-route';

function tenantWithKey() {
  return makeTenantWithKey('rapi');
}
type T = Awaited<ReturnType<typeof tenantWithKey>>;

async function call(
  handler: RouteHandler,
  t: T,
  p: {
    path?: string;
    method?: string;
    params?: Record<string, string>;
    json?: unknown;
    body?: Buffer;
    type?: string;
  } = {},
) {
  return callRoute(handler, { key: t.key, ...p, method: p.method ?? 'POST' });
}

const uid = () => randomBytes(4).toString('hex');
const subjectRule = (name: string, word: string, actions: unknown[], extra: Record<string, unknown> = {}) => ({
  name,
  conditions: [{ field: 'subject', operator: 'contains', value: word }],
  actions,
  ...extra,
});

describe('/api/v1/rules', () => {
  it('creates, lists in run order, reads, updates and deletes rules; moves and reorders them', async () => {
    const t = await tenantWithKey();
    const a = await call(createRule, t, { json: subjectRule('A', 'alpha', [{ type: 'add-tags', tags: ['a'] }]) });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      name: 'A',
      enabled: true,
      mailboxId: null,
      position: 0,
      match: 'all',
      problems: [],
    });
    const b = await call(createRule, t, { json: subjectRule('B', 'beta', [{ type: 'ignore' }]) });
    const m = await call(createRule, t, {
      json: subjectRule('M', 'mu', [{ type: 'stop' }], { mailboxId: t.mailbox.id }),
    });
    expect([b.body.position, m.body.position]).toEqual([1, 0]);

    const names = async (query = '') =>
      (await call(listRules, t, { method: 'GET', path: `/api/v1/rules${query}` })).body.data.map((r: any) => r.name);
    expect(await names()).toEqual(['A', 'B', 'M']);
    expect(await names(`?scope=${t.mailbox.id}`)).toEqual(['M']);
    expect(await names('?scope=tenant')).toEqual(['A', 'B']);

    const moved = await call(moveRule, t, { params: { id: b.body.id }, json: { direction: 'up' } });
    expect(moved.body.data.map((r: any) => r.name)).toEqual(['B', 'A']);
    const reordered = await call(reorder, t, { json: { mailboxId: null, ruleIds: [a.body.id, b.body.id] } });
    expect(reordered.body.data.map((r: any) => r.name)).toEqual(['A', 'B']);
    const incomplete = await call(reorder, t, { json: { mailboxId: null, ruleIds: [a.body.id] } });
    expect(incomplete.status).toBe(422);

    const patched = await call(patchRule, t, {
      method: 'PATCH',
      params: { id: a.body.id },
      json: { enabled: false, name: 'A2' },
    });
    expect(patched.body).toMatchObject({ name: 'A2', enabled: false });
    expect((await call(getRule, t, { method: 'GET', params: { id: a.body.id } })).body.name).toBe('A2');
    expect((await call(deleteRule, t, { method: 'DELETE', params: { id: a.body.id } })).body).toEqual({
      deleted: true,
      id: a.body.id,
    });
    expect((await call(getRule, t, { method: 'GET', params: { id: a.body.id } })).status).toBe(404);
  });

  it('refuses an invalid regex with a clear 422, and another tenant’s rule or mailbox with 404', async () => {
    const t = await tenantWithKey();
    const other = await tenantWithKey();
    const bad = await call(createRule, t, {
      json: {
        name: 'x',
        conditions: [{ field: 'subject', operator: 'matches', value: '(?<=x)y' }],
        actions: [{ type: 'ignore' }],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/^conditions\.0\.value: Not a valid regular expression/);
    const foreignMailbox = await call(createRule, t, {
      json: subjectRule('x', 'y', [{ type: 'ignore' }], { mailboxId: other.mailbox.id }),
    });
    expect(foreignMailbox.status).toBe(422);
    const notMember = await call(createRule, t, {
      json: subjectRule('x', 'y', [{ type: 'assign', userId: other.ownerUserId }]),
    });
    expect(notMember.body.error.message).toContain('not a member');
    const theirs = await call(createRule, other, { json: subjectRule('theirs', 'y', [{ type: 'ignore' }]) });
    for (const [handler, method] of [
      [getRule, 'GET'],
      [patchRule, 'PATCH'],
      [deleteRule, 'DELETE'],
    ] as const) {
      const res = await call(handler, t, {
        method,
        params: { id: theirs.body.id },
        json: method === 'PATCH' ? { name: 'mine now' } : undefined,
      });
      expect(res.status, method).toBe(404);
    }
    expect(
      (
        await call(simulate, t, {
          params: { id: other.mailbox.id },
          body: buildMail({ from: 'a@b.example', to: 'x@y.example', subject: 's' }),
        })
      ).status,
    ).toBe(404);
  });
});

describe('/api/v1/sender-lists', () => {
  it('adds (normalised), lists, refuses a duplicate or a pattern on the other list, and deletes entries', async () => {
    const t = await tenantWithKey();
    const added = await call(addSender, t, { json: { kind: 'blocked', pattern: '@Spam.Example' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ kind: 'blocked', pattern: 'spam.example' });
    expect((await call(addSender, t, { json: { kind: 'blocked', pattern: 'spam.example' } })).status).toBe(409);
    const other = await call(addSender, t, { json: { kind: 'allowed', pattern: 'spam.example' } });
    expect(other.body.error.message).toContain('on the blocked list');
    expect((await call(addSender, t, { json: { kind: 'allowed', pattern: 'not a domain' } })).status).toBe(422);
    await call(addSender, t, { json: { kind: 'allowed', pattern: 'Boss@Partner.Example' } });
    const list = await call(listSenders, t, { method: 'GET', path: '/api/v1/sender-lists?kind=allowed' });
    expect(list.body.data.map((e: any) => e.pattern)).toEqual(['boss@partner.example']);
    expect((await call(deleteSender, t, { method: 'DELETE', params: { id: added.body.id } })).status).toBe(200);
    expect((await call(deleteSender, t, { method: 'DELETE', params: { id: added.body.id } })).status).toBe(404);
  });
});

describe('POST /api/v1/mailboxes/:id/simulate', () => {
  it('answers classification, sender list, matching rules, thread and outcome for raw, base64 and stored messages, changing nothing', async () => {
    const t = await tenantWithKey();
    await call(createRule, t, {
      json: subjectRule('Urgent', 'urgent', [
        { type: 'set-priority', priority: 'urgent' },
        { type: 'add-tags', tags: ['hot'] },
      ]),
    });
    // A disabled rule does not run (nor show in the simulation).
    await call(createRule, t, { json: subjectRule('Disabled', 'urgent', [{ type: 'ignore' }], { enabled: false }) });

    const original = await receiveBuiltMail(t.tenantId, t.mailbox, {
      from: 'ann@customer.example',
      subject: 'First',
      messageId: 'first-1@customer.example',
      text: 'x',
    });
    const raw = buildMail({
      from: 'ann@customer.example',
      to: t.mailbox.email,
      subject: 'URGENT: server down',
      text: 'help',
    });
    const res = await call(simulate, t, { params: { id: t.mailbox.id }, body: raw });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      classification: { verdict: 'normal', kind: 'normal', reason: 'normal' },
      senderList: null,
      rulesRan: true,
      rules: [{ name: 'Urgent', matched: true, conditions: [true] }],
      thread: null,
      outcome: {
        outcome: 'created',
        case: { status: 'open', priority: 'urgent', tags: ['hot'], assignee: null, acknowledge: true },
      },
      notes: ["Priority set to urgent by rule 'Urgent'.", "Tagged hot by rule 'Urgent'."],
    });

    const reply = buildMail({
      from: 'ann@customer.example',
      to: t.mailbox.email,
      subject: 'Re: First',
      inReplyTo: 'first-1@customer.example',
      text: 'more',
    });
    const viaJson = await call(simulate, t, { params: { id: t.mailbox.id }, json: { raw: reply.toString('base64') } });
    expect(viaJson.body).toMatchObject({
      thread: { caseNumber: 1, via: 'in-reply-to' },
      outcome: { outcome: 'appended', caseNumber: 1, reopened: false },
    });

    const stored = await call(simulate, t, {
      params: { id: t.mailbox.id },
      json: { rawMessageId: original.rawMessageId },
    });
    expect(stored.body.message).toMatchObject({ subject: 'First', messageId: 'first-1@customer.example' });
    expect(
      (await call(simulate, t, { params: { id: t.mailbox.id }, body: Buffer.from('x'), type: 'image/png' })).status,
    ).toBe(400);

    const all = await withTenant(t.tenantId, (tx) => tx.select().from(cases));
    expect(all).toHaveLength(1); // the simulations created nothing
  });

  it('`message simulate --mailbox ID file.eml` prints the same answer as JSON', async () => {
    const t = await tenantWithKey();
    await call(addSender, t, { json: { kind: 'blocked', pattern: 'spam.example' } });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sim-'));
    const file = path.join(dir, 'm.eml');
    writeFileSync(file, buildMail({ from: 'x@spam.example', to: t.mailbox.email, subject: 'Buy now' }));
    const { code, stdout } = await runCliCaptured(['message', 'simulate', '--mailbox', t.mailbox.id, file]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      senderList: { kind: 'blocked', pattern: 'spam.example' },
      outcome: { outcome: 'ignored', kind: 'blocked', reason: 'blocked-sender' },
    });
    const missing = await runCliCaptured(['message', 'simulate', '--mailbox', randomBytes(16).toString('hex'), file]);
    expect(missing.code).toBe(1);
  });
});

describe('POST /api/v1/rules/rerun', () => {
  it('previews, then on confirmation releases an ignored message the current rules let through, with the rules’ fields', async () => {
    const t = await tenantWithKey();
    const rule = await call(createRule, t, { json: subjectRule('Mute invoices', 'invoice', [{ type: 'ignore' }]) });
    const r = await receiveBuiltMail(t.tenantId, t.mailbox, {
      from: 'cfo@customer.example',
      subject: `Invoice ${uid()}`,
      text: 'pay',
    });
    expect(r).toMatchObject({ outcome: 'ignored', reason: 'rule:Mute invoices' });
    const [row] = await withTenant(t.tenantId, (tx) =>
      tx.select().from(ignoredMessages).where(eq(ignoredMessages.rawMessageId, r.rawMessageId)),
    );

    const still = await call(rerun, t, { json: { ignoredMessageId: row.id, confirm: true } });
    expect(still.body.ignored).toMatchObject({ now: { outcome: 'ignored', reason: 'rule:Mute invoices' } });
    expect(still.body.ignored.released).toBeUndefined();

    await call(patchRule, t, {
      method: 'PATCH',
      params: { id: rule.body.id },
      json: { actions: [{ type: 'set-priority', priority: 'high' }] },
    });
    const preview = await call(rerun, t, { json: { ignoredMessageId: row.id } });
    expect(preview.body.ignored).toMatchObject({
      confirmed: false,
      now: { outcome: 'case' },
      notes: ["Priority set to high by rule 'Mute invoices'."],
    });
    expect(await withTenant(t.tenantId, (tx) => tx.select().from(cases))).toHaveLength(0);

    const done = await call(rerun, t, { json: { ignoredMessageId: row.id, confirm: true } });
    expect(done.body.ignored.released).toMatchObject({ outcome: 'created', caseNumber: 1 });
    const [c] = await withTenant(t.tenantId, (tx) => tx.select().from(cases));
    expect(c).toMatchObject({ priority: 'high', status: 'open' });
  });

  it('applies the current rules to selected open cases on confirmation, never ignoring a case, skipping closed ones', async () => {
    const t = await tenantWithKey();
    const one = await receiveNewCase(t.tenantId, t.mailbox, {
      from: 'a@customer.example',
      subject: 'Refund please',
      text: 'x',
    });
    const two = await receiveNewCase(t.tenantId, t.mailbox, {
      from: 'b@customer.example',
      subject: 'Spam refund',
      text: 'x',
    });
    const three = await receiveNewCase(
      t.tenantId,
      t.mailbox,
      { from: 'c@customer.example', subject: 'Refund old', text: 'x' },
      { imported: true },
    );
    await call(createRule, t, { json: subjectRule('Spam', 'spam', [{ type: 'ignore' }]) });
    await call(createRule, t, {
      json: subjectRule('Refunds', 'refund', [
        { type: 'add-tags', tags: ['refund'] },
        { type: 'set-status', status: 'pending' },
      ]),
    });
    const numbers = [one, two, three].map((r) => r.caseNumber);

    const preview = await call(rerun, t, { json: { caseNumbers: [...numbers, 999] } });
    expect(
      preview.body.cases.map((c: any) => [
        c.caseNumber,
        c.skipped ?? null,
        c.wouldIgnore?.reason ?? null,
        Object.keys(c.changes),
        c.applied,
      ]),
    ).toEqual([
      [numbers[0], null, null, ['status', 'tags'], false],
      [numbers[1], null, 'rule:Spam', [], false],
      [numbers[2], 'closed', null, [], false],
      [999, 'not-found', null, [], false],
    ]);
    expect(
      (await withTenant(t.tenantId, (tx) => tx.select().from(cases).where(eq(cases.number, numbers[0]))))[0].tags,
    ).toEqual([]);

    const done = await call(rerun, t, { json: { caseNumbers: numbers, confirm: true } });
    expect(done.body.cases.map((c: any) => c.applied)).toEqual([true, false, false]);
    const rows = await withTenant(t.tenantId, (tx) => tx.select().from(cases).orderBy(cases.number));
    expect(rows.map((c) => [c.status, c.tags])).toEqual([
      ['pending', ['refund']],
      ['open', []],
      ['closed', []],
    ]);
  });
});
