// For every message of the fixture corpus, the simulator's answer equals
// what a real sync run then does with it (Dovecot mailbox, same tenant, rules and sender lists that
// fire on part of the corpus). Messages are delivered one at a time, each simulated right before
// its delivery, so replies among the fixtures thread against the cases the earlier ones opened.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { parseMessage } from '@/lib/mail/parse';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { createRule } from '@/lib/rules/save-rule';
import { addSenderEntry } from '@/lib/rules/sender-list-entries';
import { simulateMessage, type Simulation } from '@/lib/rules/simulate-message';
import {
  heldAnswer,
  newestIngestion,
  simulatedAnswer,
  type AppendedAnswer,
  type HeldAnswer,
} from '../helpers/ingestion-answer';
import { makeMailbox } from '../helpers/mailbox-fixture';
import { useDovecot } from '../helpers/use-dovecot';

const root = path.resolve(__dirname, '../fixtures/mail');
const files = ['auto', 'normal']
  .flatMap((dir) =>
    readdirSync(path.join(root, dir))
      .filter((f) => f.endsWith('.eml'))
      .map((f) => `${dir}/${f}`),
  )
  .sort();

const dovecot = useDovecot();

async function fromDomain(file: string): Promise<string> {
  const parsed = await parseMessage(readFileSync(path.join(root, file)));
  if (!parsed.ok || !parsed.message.from) throw new Error(`${file} has no sender`);
  return parsed.message.from.address.split('@')[1];
}

/** The answer both sides are compared in (tests/helpers/ingestion-answer.ts), with what a new case is opened as. */
type Observed =
  | {
      outcome: 'created';
      case: { status: string; priority: string; tags: string[]; assigneeId: string | null; acknowledge: boolean };
    }
  | AppendedAnswer
  | HeldAnswer;

function expectedFrom(sim: Simulation): Observed {
  const o = sim.outcome;
  if (o.outcome === 'created')
    return {
      outcome: 'created',
      case: {
        status: o.case.status,
        priority: o.case.priority,
        tags: o.case.tags,
        assigneeId: o.case.assignee?.userId ?? null,
        acknowledge: o.case.acknowledge,
      },
    };
  return simulatedAnswer(o);
}

/** What the sync stored for the newest raw message. */
async function observe(tenantId: string): Promise<Observed> {
  return withTenant(tenantId, async (tx) => {
    const stored = await newestIngestion(tx);
    if (stored.held) return heldAnswer(stored.held);
    const c = stored.case;
    const [created] = await tx
      .select({ payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(eq(outboxEvents.type, 'case.created'))
      .orderBy(desc(outboxEvents.createdAt))
      .limit(1);
    if (created?.payload.caseId !== c.id || c.createdAt.getTime() > stored.entryCreatedAt.getTime() + 1000)
      throw new Error('unexpected ingestion shape');
    if (!stored.openedCase) return { outcome: 'appended', caseNumber: Number(c.number) };
    return {
      outcome: 'created',
      case: {
        status: c.status,
        priority: c.priority,
        tags: c.tags,
        assigneeId: c.assigneeId,
        acknowledge: created.payload.acknowledge as boolean,
      },
    };
  });
}

describe('the simulator against real ingestion', () => {
  // About 90 simulate + deliver + sync rounds: a minute and a half when the shared test machine is busy.
  it(
    'answers exactly what ingestion then does, for every message of the fixture corpus',
    { timeout: 180_000 },
    async () => {
      const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' }, { state: 'active' });
      const tenantId = fx.tenant.tenantId;
      const actor = { kind: 'cli' } as const;
      await withTenant(tenantId, async (tx) => {
        await addSenderEntry(tx, {
          tenantId,
          input: { kind: 'allowed', pattern: await fromDomain('auto/mailman-list.eml') },
          actor,
        });
        await addSenderEntry(tx, {
          tenantId,
          input: { kind: 'allowed', pattern: await fromDomain('auto/exchange-oof-en.eml') },
          actor,
        });
        await addSenderEntry(tx, {
          tenantId,
          input: { kind: 'blocked', pattern: await fromDomain('normal/latin1-qp.eml') },
          actor,
        });
        const rule = (input: Parameters<typeof createRule>[1]['input']) => createRule(tx, { tenantId, input, actor });
        await rule({
          name: 'Attachments to the owner',
          conditions: [{ field: 'has-attachment', value: true }],
          actions: [
            { type: 'assign', userId: fx.tenant.ownerUserId },
            { type: 'add-tags', tags: ['files'] },
          ],
        });
        await rule({
          name: 'A–M senders',
          conditions: [{ field: 'from-domain', operator: 'matches', value: '^[a-m]' }],
          actions: [{ type: 'set-priority', priority: 'high' }, { type: 'no-acknowledgement' }],
        });
        await rule({
          name: 'Japanese',
          match: 'any',
          conditions: [
            { field: 'header', header: 'Content-Type', operator: 'contains', value: 'iso-2022-jp' },
            { field: 'subject', operator: 'matches', value: '[\\x{3040}-\\x{30ff}]' },
          ],
          actions: [{ type: 'ignore' }],
        });
        await rule({
          name: 'Forwards',
          mailboxId: fx.mailboxId,
          conditions: [{ field: 'subject', operator: 'matches', value: '^(fw|fwd):' }],
          actions: [{ type: 'set-status', status: 'pending' }, { type: 'stop' }],
        });
        await rule({
          name: 'Lists I allowed',
          conditions: [{ field: 'kind', operator: 'equals', value: 'list' }],
          actions: [{ type: 'add-tags', tags: ['list'] }],
        });
        await rule({
          name: 'Small and spammy',
          conditions: [
            { field: 'size', operator: 'less-than', value: 600 },
            { field: 'body', operator: 'contains', value: 'viagra' },
          ],
          actions: [{ type: 'mark-spam', block: 'address' }],
        });
      });

      const outcomes = new Map<string, number>();
      const createdCases: Extract<Observed, { outcome: 'created' }>['case'][] = [];
      for (const file of files) {
        const raw = readFileSync(path.join(root, file));
        const sim = await withTenant(tenantId, (tx) => simulateMessage(tx, { tenantId, mailboxId: fx.mailboxId, raw }));
        await dovecot.append(fx.user, [raw], { via: 'maildir' }); // a file in Maildir/new: no IMAP login per message
        const summary = await syncMailbox(fx.mailboxId);
        expect(summary.fetched, file).toBe(1);
        const got = await observe(tenantId);
        expect(got, file).toEqual(expectedFrom(sim));
        const key = `${got.outcome}:${'reason' in got ? got.reason.split(':')[0] : ''}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        if (got.outcome === 'created') createdCases.push(got.case);
      }
      // The corpus and rules above exercise every kind of answer, so the comparison is not vacuous.
      const seen = [...outcomes.keys()];
      for (const k of ['created:', 'ignored:blocked-sender', 'ignored:rule', 'ignored:header', 'ignored:report'])
        expect(seen, k).toContain(k);
      expect(createdCases.some((c) => c.tags.includes('files') && c.assigneeId === fx.tenant.ownerUserId)).toBe(true);
      expect(createdCases.some((c) => c.tags.includes('list'))).toBe(true); // an allowed list message became a case
      expect(createdCases.some((c) => c.priority === 'high' && !c.acknowledge)).toBe(true);
      expect(createdCases.some((c) => c.priority === 'normal' && c.acknowledge)).toBe(true);
      expect(createdCases.some((c) => c.status === 'pending')).toBe(true);
    },
  );
});
