// Writes a decision's notes on the case it shaped, as system history entries (kind 'rule').
import type { TenantTx } from '@/db/tenancy';
import { storeCaseMessage } from '@/lib/cases/store-case-message';
import { describeDecision } from './describe-decision';
import type { InboundDecision } from './evaluate-inbound';

export async function recordRuleDecision(
  tx: TenantTx,
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
