// Which existing case an incoming message belongs to (docs/architecture.md, "Mail rules", threading order):
// In-Reply-To, then References newest first, against Message-IDs stored for this tenant;
// then a "[Case #N]" subject token, only from a participant of case N; else none (a new case).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, cases } from '@/db/schema';
import { extractCaseTokens } from './case-token';
import { isOwnMessageIdShape, verifyOutboundMessageId } from './message-id';
import type { ParsedMessage } from './types';

export type CaseStatus = (typeof cases.$inferSelect)['status'];
export type ThreadVia = 'in-reply-to' | 'references' | 'our-message-id' | 'subject-token';
export type ThreadMatch = { caseId: string; caseNumber: number; status: CaseStatus; via: ThreadVia };

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

export async function findThreadForMessage(
  tx: TenantTx,
  { tenantId, message }: { tenantId: string; message: ParsedMessage },
): Promise<ThreadMatch | null> {
  const ids = candidates(tenantId, message);

  // Query 1: stored Message-IDs (inbound and outbound) → case. On a duplicated Message-ID the
  // earliest stored row wins (stored order, not time: rows of one batch share a timestamp): a later
  // sender reusing someone's id does not take their thread.
  const byMessageId = new Map<string, { caseId: string; caseNumber: number; status: CaseStatus }>();
  if (ids.length > 0) {
    const rows = await tx
      .select({ messageId: caseMessages.messageId, caseId: cases.id, caseNumber: cases.number, status: cases.status })
      .from(caseMessages)
      .innerJoin(cases, eq(cases.id, caseMessages.caseId))
      .where(
        and(
          eq(caseMessages.tenantId, tenantId),
          inArray(
            caseMessages.messageId,
            ids.map((c) => c.id),
          ),
          inArray(caseMessages.direction, ['in', 'out']),
        ),
      )
      .orderBy(asc(caseMessages.storedSeq));
    for (const { messageId, caseId, caseNumber, status } of rows) {
      if (messageId && !byMessageId.has(messageId))
        byMessageId.set(messageId, { caseId, caseNumber: Number(caseNumber), status });
    }
  }
  for (const c of ids) {
    const hit = byMessageId.get(c.id);
    if (hit) return { ...hit, via: c.via };
    if (c.ownCaseNumber !== undefined) break; // resolved by number below, keeping the header order
  }

  // Query 2: cases by number, for a verified id of ours whose row is missing (e.g. the outbound
  // copy was not stored) and for subject tokens, with the participant check done in SQL.
  const ownNumbers = ids
    .filter((c) => c.ownCaseNumber !== undefined && !byMessageId.has(c.id))
    .map((c) => c.ownCaseNumber!);
  const sender = message.from?.address?.trim().toLowerCase();
  const tokens = sender ? extractCaseTokens(message.subject).slice(0, 10) : [];
  const numbers = [...new Set([...ownNumbers, ...tokens])];
  if (numbers.length === 0) return null;

  const rows = await tx
    .select({
      caseId: cases.id,
      caseNumber: cases.number,
      status: cases.status,
      isParticipant: sender
        ? sql<boolean>`(lower("cases".requester_email) = ${sender} or exists (
            select 1 from case_messages cm
            where cm.case_id = "cases".id and cm.direction in ('in', 'out') and (
              lower(cm.from_address) = ${sender}
              or exists (
                select 1 from jsonb_array_elements(coalesce(cm."to", '[]'::jsonb) || coalesce(cm.cc, '[]'::jsonb)) e
                where jsonb_typeof(e) = 'object' and lower(e->>'address') = ${sender}))))`
        : sql<boolean>`false`,
    })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), inArray(cases.number, numbers)));
  const byNumber = new Map(rows.map((r) => [Number(r.caseNumber), r]));

  for (const c of ids) {
    const hit = byMessageId.get(c.id);
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
