// Which existing case an incoming message belongs to (docs/architecture.md, "Mail rules", threading order):
// In-Reply-To, then References newest first, against Message-IDs stored for this tenant;
// then a "[Case #N]" subject token, only from a participant of case N; else none (a new case).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { caseMerges, caseMessages, cases } from '@/db/schema';
import { extractCaseTokens } from './case-token';
import { isOwnMessageIdShape, verifyOutboundMessageId } from './message-id';
import type { ParsedMessage } from './types';

export type CaseStatus = (typeof cases.$inferSelect)['status'];
export type ThreadVia = 'in-reply-to' | 'references' | 'our-message-id' | 'subject-token';
export type ThreadMatch = ThreadCase & { via: ThreadVia };

// A hostile message can carry thousands of References; the newest ones are the ones that matter.
const MAX_REFERENCES = 100;
const MAX_ID_LENGTH = 998;

type Candidate = { id: string; via: 'in-reply-to' | 'references'; ownCaseNumber?: number };

function normalizeId(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let id = raw.trim();
  if (id.startsWith('<') && id.endsWith('>')) id = id.slice(1, -1).trim();
  return id && id.length <= MAX_ID_LENGTH ? id : undefined;
}

/** In-Reply-To, then References newest first; our-shaped ids kept only when their mac verifies. */
function candidates(tenantId: string, message: ParsedMessage): Candidate[] {
  const ordered: Candidate[] = [];
  const seen = new Set<string>();
  const own = normalizeId(message.messageId);
  if (own) seen.add(own);
  const refs = message.references.slice(-MAX_REFERENCES).reverse();
  const push = (raw: string | undefined, via: Candidate['via']) => {
    const id = normalizeId(raw);
    if (!id || seen.has(id)) return;
    seen.add(id);
    if (!isOwnMessageIdShape(id)) return void ordered.push({ id, via });
    const verified = verifyOutboundMessageId(id, tenantId);
    if (verified) ordered.push({ id, via, ownCaseNumber: verified.caseNumber });
  };
  push(message.inReplyTo, 'in-reply-to');
  for (const ref of refs) push(ref, 'references');
  return ordered;
}

/** A case as threading sees it; one object per case, so a reopen seen by one lookup is seen by the next. */
export type ThreadCase = { caseId: string; caseNumber: number; status: CaseStatus };

/**
 * Stored Message-IDs (inbound and outbound) → case, for a whole batch: loaded with one query for every
 * id its messages refer to, then kept current in memory as the batch stores its own messages. On a
 * duplicated Message-ID the earliest stored row wins (stored order, not time: rows of one batch share
 * a timestamp): a later sender reusing someone's id does not take their thread.
 */
export class ThreadIndex {
  private readonly byMessageId = new Map<string, ThreadCase>();
  private readonly byCase = new Map<string, ThreadCase>();

  static async load(tx: TenantTx, tenantId: string, messages: ParsedMessage[]): Promise<ThreadIndex> {
    const index = new ThreadIndex();
    const ids = [...new Set(messages.flatMap((m) => candidates(tenantId, m).map((c) => c.id)))];
    for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
      const rows = await tx
        .select({ messageId: caseMessages.messageId, caseId: cases.id, caseNumber: cases.number, status: cases.status })
        .from(caseMessages)
        .innerJoin(cases, eq(cases.id, caseMessages.caseId))
        .where(
          and(
            inArray(caseMessages.messageId, ids.slice(i, i + LOOKUP_CHUNK)),
            inArray(caseMessages.direction, ['in', 'out']),
          ),
        )
        .orderBy(asc(caseMessages.storedSeq));
      for (const r of rows) {
        if (r.messageId) index.remember(r.messageId, index.caseState(r.caseId, Number(r.caseNumber), r.status));
      }
    }
    return index;
  }

  get(messageId: string): ThreadCase | undefined {
    return this.byMessageId.get(messageId);
  }

  /** The one state object of a case (made on first sight). */
  caseState(caseId: string, caseNumber: number, status: CaseStatus): ThreadCase {
    let state = this.byCase.get(caseId);
    if (!state) this.byCase.set(caseId, (state = { caseId, caseNumber, status }));
    return state;
  }

  /** A message stored now: its Message-ID leads to its case unless an earlier stored row holds the id. */
  remember(messageId: string | undefined, state: ThreadCase): void {
    if (messageId && !this.byMessageId.has(messageId)) this.byMessageId.set(messageId, state);
  }
}

const LOOKUP_CHUNK = 5000;

export async function findThreadForMessage(
  tx: TenantTx,
  {
    tenantId,
    message,
    index,
    beforeCaseLookup,
  }: {
    tenantId: string;
    message: ParsedMessage;
    /** The batch's index (one query for the whole batch); without it, one query for this message. */
    index?: ThreadIndex;
    /** Runs before the by-number query reads cases and history (a batch writes its pending rows first). */
    beforeCaseLookup?: () => Promise<void>;
  },
): Promise<ThreadMatch | null> {
  const ids = candidates(tenantId, message);

  // Query 1 (or the batch's index): stored Message-IDs → case, the earliest stored row on a tie.
  const known = index ?? (ids.length ? await ThreadIndex.load(tx, tenantId, [message]) : new ThreadIndex());
  for (const c of ids) {
    const hit = known.get(c.id);
    if (hit) return { ...hit, via: c.via };
    if (c.ownCaseNumber !== undefined) break; // resolved by number below, keeping the header order
  }

  // Query 2: cases by number, for a verified id of ours whose row is missing (e.g. the outbound
  // copy was not stored) and for subject tokens, with the participant check done in SQL.
  const ownNumbers = ids.filter((c) => c.ownCaseNumber !== undefined && !known.get(c.id)).map((c) => c.ownCaseNumber!);
  const sender = message.from?.address?.trim().toLowerCase();
  const tokens = sender ? extractCaseTokens(message.subject).slice(0, 10) : [];
  const numbers = [...new Set([...ownNumbers, ...tokens])];
  if (numbers.length === 0) return null;
  await beforeCaseLookup?.();

  const rows = await tx
    .select({
      caseId: cases.id,
      caseNumber: cases.number,
      status: cases.status,
      isParticipant: isParticipant(sender),
    })
    .from(cases)
    .where(inArray(cases.number, numbers));
  const byNumber = new Map(rows.map((r) => [Number(r.caseNumber), r]));
  // A number of a merged case leads to the case it joined (lib/cases/merge-cases.ts); asked only when a
  // number was not found, so ordinary mail pays nothing for it.
  const missing = numbers.filter((n) => !byNumber.has(n));
  if (missing.length) {
    const merged = await tx
      .select({
        number: caseMerges.number,
        caseId: cases.id,
        caseNumber: cases.number,
        status: cases.status,
        isParticipant: isParticipant(sender),
      })
      .from(caseMerges)
      .innerJoin(cases, eq(cases.id, caseMerges.intoCaseId))
      .where(inArray(caseMerges.number, missing));
    // The participant check looks at the case the history now lives in.
    for (const { number, ...into } of merged) byNumber.set(Number(number), into);
  }

  for (const c of ids) {
    const hit = known.get(c.id);
    if (hit) return { ...hit, via: c.via };
    if (c.ownCaseNumber !== undefined) {
      const found = byNumber.get(c.ownCaseNumber);
      if (found)
        return {
          caseId: found.caseId,
          caseNumber: Number(found.caseNumber),
          status: found.status,
          via: 'our-message-id',
        };
    }
  }
  for (const n of tokens) {
    const found = byNumber.get(n);
    if (found?.isParticipant)
      return { caseId: found.caseId, caseNumber: Number(found.caseNumber), status: found.status, via: 'subject-token' };
  }
  return null;
}

/** Whether `sender` is the requester of "cases" or took part in its mail (From, To or Cc). */
function isParticipant(sender: string | undefined) {
  return sender
    ? sql<boolean>`(lower("cases".requester_email) = ${sender} or exists (
        select 1 from case_messages cm
        where cm.case_id = "cases".id and cm.direction in ('in', 'out') and (
          lower(cm.from_address) = ${sender}
          or exists (
            select 1 from jsonb_array_elements(coalesce(cm."to", '[]'::jsonb) || coalesce(cm.cc, '[]'::jsonb)) e
            where jsonb_typeof(e) = 'object' and lower(e->>'address') = ${sender}))))`
    : sql<boolean>`false`;
}
