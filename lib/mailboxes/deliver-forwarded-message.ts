// A message that arrived at a forwarding address goes through the same write as a sync batch
// (ingestFetchedBatch): read in the worker pool, then raw bytes + outcome + outbox committed in one
// tenant transaction. The SMTP listener answers 250 only after deliverForwardedMessage resolves.
//
// Group commit: a tenant's case numbers are taken under its row lock, so one mailbox's stores run one
// at a time anyway. Messages that arrive while a store is committing wait and go in the next one
// together (at most MAX_BATCH). If that shared store fails, each is tried alone, so one message the
// store cannot take never holds back the others. The same bytes delivered again (an MTA retrying after
// a lost 250) dedupe on their SHA-256.
import { eq } from 'drizzle-orm';
import { mailboxes } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import type { IngestOutcome } from '@/lib/cases/ingest-message';
import type { MessageReading } from '@/lib/mail/read-message';
import { readMessageInPool } from '@/lib/mail/pool/read-message-in-pool';
import { inboundChecker, type InboundChecks } from '@/lib/mail/verify/check-inbound';
import { buildIngestContext, readContextFor } from './build-ingest-context';
import { ingestFetchedBatch } from './ingest-fetched-batch';
import type { MailboxRow } from './lease';
import { emptySyncCounts } from './sync-counts';

type Outcome = IngestOutcome | 'duplicate';
type Pending = {
  raw: Buffer;
  reading: MessageReading;
  checks: InboundChecks;
  resolve: (o: Outcome) => void;
  reject: (e: unknown) => void;
};
type Context = Awaited<ReturnType<typeof buildIngestContext>>;

const MAX_BATCH = 50;
/** Rules and own addresses are read again after this long (a sync reads them once per run). */
const CONTEXT_TTL_MS = 5_000;

const queues = new Map<string, { pending: Pending[]; running: boolean }>();
const contexts = new Map<string, { context: Promise<Context>; at: number }>();

/** The forwarding mailbox of an address token, whatever its tenant (the listener runs for all tenants). */
export async function findForwardingMailbox(token: string): Promise<MailboxRow | null> {
  const [row] = await withSystem((tx) => tx.select().from(mailboxes).where(eq(mailboxes.inboundToken, token)));
  return row && row.protocol === 'forward' ? row : null;
}

export async function deliverForwardedMessage(mailbox: MailboxRow, raw: Buffer): Promise<Outcome> {
  const context = await contextFor(mailbox);
  const reading = await readMessageInPool(raw, readContextFor(context, mailbox.maxMessageBytes));
  // Sender verification asks DNS: before the store's transaction, never inside it.
  const checks = await inboundChecker(mailbox)(raw, reading);
  return new Promise<Outcome>((resolve, reject) => {
    const queue = queues.get(mailbox.id) ?? { pending: [], running: false };
    queues.set(mailbox.id, queue);
    queue.pending.push({ raw, reading, checks, resolve, reject });
    if (!queue.running) void drain(mailbox, queue);
  });
}

async function drain(mailbox: MailboxRow, queue: { pending: Pending[]; running: boolean }) {
  queue.running = true;
  try {
    while (queue.pending.length) {
      const batch = queue.pending.splice(0, MAX_BATCH);
      try {
        const outcomes = await store(mailbox, batch);
        batch.forEach((p, i) => p.resolve(outcomes[i]));
      } catch (err) {
        if (batch.length === 1) batch[0].reject(err);
        else
          for (const p of batch) {
            await store(mailbox, [p]).then(
              ([o]) => p.resolve(o),
              (e: unknown) => p.reject(e),
            );
          }
      }
    }
  } finally {
    queue.running = false;
    if (!queue.pending.length) queues.delete(mailbox.id);
  }
}

async function store(mailbox: MailboxRow, batch: Pending[]): Promise<Outcome[]> {
  const context = await contextFor(mailbox);
  const { outcomes } = await withTenant(mailbox.tenantId, (tx) =>
    ingestFetchedBatch(tx, {
      mailbox,
      context,
      fetched: batch.map((p) => ({ ref: {}, raw: p.raw })),
      parsed: batch.map((p) => p.reading),
      checks: batch.map((p) => p.checks),
      isImported: () => false, // nothing is present when the address is made: all of it is new mail
      counts: emptySyncCounts(),
    }),
  );
  return outcomes;
}

function contextFor(mailbox: MailboxRow): Promise<Context> {
  const cached = contexts.get(mailbox.id);
  if (cached && Date.now() - cached.at < CONTEXT_TTL_MS) return cached.context;
  const context = withTenant(mailbox.tenantId, (tx) => buildIngestContext(tx, mailbox));
  contexts.set(mailbox.id, { context, at: Date.now() });
  context.catch(() => contexts.delete(mailbox.id)); // a failed read (database down) is not kept
  return context;
}
