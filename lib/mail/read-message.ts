// Everything that reads a message's content, as one step: parse (with the structure scan), classify
// with the tenant's context, the tenant's inbound rules (RE2), and the derived content the pages
// show (sanitized HTML, quoted-text split, preview). It runs in the message worker pool under the
// message budget (lib/mail/pool/read-message-in-pool.ts); ingestion, the simulator, rule re-runs,
// releases and acknowledgements all read messages through it, so they agree.
//
//   too large for the mailbox   → { ok: false, reason: 'too-large:…', headers }
//   parse / structure failure   → { ok: false, reason }            (quarantined by the caller)
//   otherwise                   → message + classification + rule decision (when rules given) + content
import { isAppError } from '@/lib/errors';
import { fromPlainRuleSet, type PlainRuleSet } from '@/lib/rules/rule-set-transfer';
import { evaluateInbound, type InboundDecision } from '@/lib/rules/evaluate-inbound';
import { classifyMessage } from './classify';
import { deriveContent, type DerivedContent } from './derive-content';
import { verifyOutboundMessageId } from './message-id';
import { parseMessage } from './parse';
import type { Classification, ParsedMessage, ParseFailure } from './types';

export type ReadContext = {
  tenantId: string;
  /** Addresses of all this tenant's mailboxes: mail from them is our own (loop). */
  ownAddresses: string[];
  /** The mailbox's size limit; larger messages are not parsed. */
  maxBytes: number;
  /** The tenant's rules and sender lists for the mailbox; without them no rule runs. */
  rules?: PlainRuleSet;
  /** For the simulator (a request's path): the rules stop past this many ms, reported as `rulesError`. */
  rulesBudgetMs?: number;
};

export type MessageReading =
  | ParseFailure
  | {
      ok: true;
      message: ParsedMessage;
      classification: Classification;
      decision: InboundDecision | null;
      /** The rules stopped at their deadline (rulesBudgetMs): what to tell the person simulating. */
      rulesError?: string;
      content: DerivedContent;
    };

export async function readMessage(raw: Buffer, ctx: ReadContext): Promise<MessageReading> {
  // Over maxBytes, parseMessage reads only the header section (the quarantined row names its sender).
  const parsed = await parseMessage(raw, { maxBytes: ctx.maxBytes });
  if (!parsed.ok) return parsed;
  const message = parsed.message;
  const classification = classifyForTenant(ctx, message);
  const content = deriveContent(message);
  if (!ctx.rules) return { ok: true, message, classification, decision: null, content };
  const deadline = ctx.rulesBudgetMs === undefined ? undefined : Date.now() + ctx.rulesBudgetMs;
  try {
    const decision = evaluateInbound(fromPlainRuleSet(ctx.rules), message, classification, { deadline });
    return { ok: true, message, classification, decision, content };
  } catch (err) {
    if (!isAppError(err) || deadline === undefined) throw err;
    return { ok: true, message, classification, decision: null, rulesError: err.message, content };
  }
}

/** The classifier with the tenant's context: its own addresses and its signed outbound Message-IDs. */
export function classifyForTenant(ctx: Pick<ReadContext, 'tenantId' | 'ownAddresses'>, message: ParsedMessage) {
  return classifyMessage(message, {
    ownAddresses: ctx.ownAddresses,
    // Our own mail coming back (a loop) even when a relay stripped the loop header.
    isOwnMessageId: (id) => verifyOutboundMessageId(id, ctx.tenantId) !== null,
  });
}
