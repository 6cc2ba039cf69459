// The rule engine's decision inside the ingestion transaction. The decision was made in the message
// worker pool (lib/mail/read-message.ts, evaluate-inbound.ts against the run's rule set); here it is
// carried out: a mark-spam rule's block is stored, and a block stored earlier in this run applies to
// the messages read alongside it (a sender-list lookup on the From address, no content read).
import type { TenantTx } from '@/db/tenancy';
import { senderListEntries } from '@/db/schema';
import type { ParsedMessage } from '@/lib/mail/types';
import type { InboundDecision } from './evaluate-inbound';
import type { RuleSet } from './load-rule-set';
import { matchSenderList } from './sender-pattern';

export type RulesContext = { tenantId: string; mailbox: { id: string }; rules: RuleSet };

export async function applyInboundRules(
  tx: TenantTx,
  ctx: RulesContext,
  message: ParsedMessage,
  read: InboundDecision,
): Promise<InboundDecision> {
  const set = ctx.rules;
  let decision = read;
  const now = matchSenderList(set, message.from?.address);
  if (!decision.ignore && now?.kind === 'blocked' && decision.senderList?.kind !== 'blocked')
    decision = { ...decision, senderList: now, ignore: { kind: 'blocked', reason: 'blocked-sender' } };
  const block = decision.ignore?.block;
  if (block) {
    await tx
      .insert(senderListEntries)
      .values({
        tenantId: ctx.tenantId,
        kind: 'blocked',
        pattern: block,
        note: `Marked as spam by rule '${decision.ignore!.ruleName}'.`,
      })
      .onConflictDoNothing();
    // The run's cached set must see it too: the next message of this batch is blocked like the next run's.
    set.blocked.add(block);
  }
  return decision;
}
