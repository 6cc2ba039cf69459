// The rules simulator's answer and what a sync run stored, in one shape, for the tests that hold the two equal:
// a new case, a message appended to case N, or a message held ('ignored' or 'quarantined') with its kind, its
// reason and, for an unknown sender, whether a confirmation request is sent (or the refusal why not, the outbox
// consumer's skip within the window included once it has run).
import { and, desc, eq } from 'drizzle-orm';
import { caseMessages, cases, ignoredMessages, rawMessages } from '@/db/schema';
import type { TenantTx } from '@/db/tenancy';
import { CONFIRMATION_RATE_LIMITED } from '@/lib/contacts/confirmation-window';
import type { SimulatedConfirmation, SimulatedOutcome } from '@/lib/rules/simulate-message';

export type HeldAnswer = { outcome: 'ignored' | 'quarantined'; kind: string; reason: string; confirmation?: unknown };
export type AppendedAnswer = { outcome: 'appended'; caseNumber: number };
export type IngestionAnswer = { outcome: 'created' } | AppendedAnswer | HeldAnswer;

/** The simulator's outcome as an answer; one that opens no case gives an answer that opens none. */
export function simulatedAnswer(o: Exclude<SimulatedOutcome, { outcome: 'created' }>): AppendedAnswer | HeldAnswer;
export function simulatedAnswer(o: SimulatedOutcome): IngestionAnswer;
export function simulatedAnswer(o: SimulatedOutcome): IngestionAnswer {
  if (o.outcome === 'created') return { outcome: 'created' };
  if (o.outcome === 'appended') return { outcome: 'appended', caseNumber: o.caseNumber };
  if (o.outcome === 'quarantined') return { outcome: 'quarantined', kind: 'quarantined', reason: o.reason };
  return { outcome: 'ignored', kind: o.kind, reason: o.reason, confirmation: planOf(o.confirmation) };
}

/** The plan alone (`requested`, `refusal`): when the skipped request was sent is not part of the answer. */
function planOf(c: SimulatedConfirmation | undefined) {
  if (!c || c.requested) return c;
  return { requested: false, refusal: c.refusal };
}

type HeldRow = typeof ignoredMessages.$inferSelect;

/** What the sync stored for the newest raw message: the row that held it, or the case its inbound entry joined. */
export type StoredIngestion =
  | { held: HeldRow }
  | {
      held: null;
      case: typeof cases.$inferSelect;
      entryCreatedAt: Date;
      /** The case's first inbound entry is this message: it opened the case rather than joined it. */
      openedCase: boolean;
    };

export async function newestIngestion(tx: TenantTx): Promise<StoredIngestion> {
  const [raw] = await tx.select({ id: rawMessages.id }).from(rawMessages).orderBy(desc(rawMessages.createdAt)).limit(1);
  const [held] = await tx.select().from(ignoredMessages).where(eq(ignoredMessages.rawMessageId, raw.id));
  if (held) return { held };
  const [entry] = await tx
    .select({ caseId: caseMessages.caseId, createdAt: caseMessages.createdAt })
    .from(caseMessages)
    .where(and(eq(caseMessages.rawMessageId, raw.id), eq(caseMessages.direction, 'in')));
  const [c] = await tx.select().from(cases).where(eq(cases.id, entry.caseId));
  const [first] = await tx
    .select({ rawMessageId: caseMessages.rawMessageId })
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, c.id), eq(caseMessages.direction, 'in')))
    .orderBy(caseMessages.createdAt)
    .limit(1);
  return { held: null, case: c, entryCreatedAt: entry.createdAt, openedCase: first.rawMessageId === raw.id };
}

/**
 * A held row as an answer, the confirmation as ingestion and the outbox consumer record it: asked (pending, or
 * sent since), not sent (refused at ingestion, or skipped by the consumer's window), none asked.
 */
export function heldAnswer(row: HeldRow): HeldAnswer {
  const status = row.confirmationStatus;
  const confirmation =
    row.kind !== 'unknown-sender'
      ? undefined
      : status === null
        ? null
        : status !== 'not-sent'
          ? { requested: true }
          : /^Not sent: .* was asked to confirm another message within \d+ h\.$/.test(row.confirmationError!)
            ? { requested: false, refusal: CONFIRMATION_RATE_LIMITED }
            : { requested: false, refusal: row.confirmationError!.replace(/^No confirmation asked: (.*)\.$/, '$1') };
  return { outcome: row.outcome, kind: row.kind, reason: row.reason, confirmation };
}

export function storedAnswer(stored: StoredIngestion): IngestionAnswer {
  if (stored.held) return heldAnswer(stored.held);
  return stored.openedCase ? { outcome: 'created' } : { outcome: 'appended', caseNumber: Number(stored.case.number) };
}
