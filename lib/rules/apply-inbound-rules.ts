// The rule engine inside the ingestion transaction: evaluate (evaluate-inbound.ts, shared with the
// simulator), then carry out what belongs to the decision itself: a mark-spam rule's block.
import type { TenantTx } from '@/db/tenancy';
import { senderListEntries } from '@/db/schema';
import type { Classification, ParsedMessage } from '@/lib/mail/types';
import { evaluateInbound, type InboundDecision } from './evaluate-inbound';
import { loadRuleSet, type RuleSet } from './load-rule-set';

export type RulesContext = { tenantId: string; mailbox: { id: string }; rules?: RuleSet };

export async function applyInboundRules(
  tx: TenantTx,
  ctx: RulesContext,
  message: ParsedMessage,
  classification: Classification,
): Promise<InboundDecision> {
  const set = ctx.rules ?? (await loadRuleSet(tx, { tenantId: ctx.tenantId, mailboxId: ctx.mailbox.id }));
  const decision = evaluateInbound(set, message, classification);
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
