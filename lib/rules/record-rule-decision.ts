// Writes a decision's notes on the case it shaped, as system history entries (kind 'rule').
import type { Tx } from '@/db/client';
import { storeCaseMessage } from '@/lib/cases/store-case-message';
import { describeDecision } from './describe-decision';
import type { InboundDecision } from './evaluate-inbound';

export async function recordRuleDecision(
  tx: Tx,
  p: { tenantId: string; caseId: string; decision: InboundDecision; imported?: boolean },
): Promise<void> {
  for (const text of describeDecision(p.decision, { imported: p.imported })) {
    await storeCaseMessage(tx, {
      tenantId: p.tenantId,
      caseId: p.caseId,
      direction: 'system',
      systemKind: 'rule',
      text,
    });
  }
}
