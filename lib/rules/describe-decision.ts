// The decision in words: the system notes a new case gets ("Assigned to ann@… by rule 'VIP
// customers'."), also shown by the simulator.
import type { InboundDecision } from './evaluate-inbound';

export function describeDecision(d: InboundDecision, { imported = false }: { imported?: boolean } = {}): string[] {
  const notes: string[] = [];
  if (d.classification !== d.original && d.senderList?.kind === 'allowed') {
    const ack = d.acknowledge
      ? `Acknowledged as rule ${d.changes.acknowledge.map((n) => `'${n}'`).join(', ')} asks.`
      : 'No acknowledgement is sent.';
    notes.push(
      `Treated as normal mail: the sender is on the allowed list (${d.senderList.pattern}); the classifier said ${d.original.reason}. ${ack}`,
    );
  }
  const c = d.changes;
  if (c.assignee) notes.push(`Assigned to ${c.assignee.email} by rule '${c.assignee.rule}'.`);
  if (c.status) {
    notes.push(
      imported
        ? `Rule '${c.status.rule}' sets the status to ${c.status.value}; imported cases stay Closed.`
        : `Status set to ${c.status.value} by rule '${c.status.rule}'.`,
    );
  }
  if (c.priority) notes.push(`Priority set to ${c.priority.value} by rule '${c.priority.rule}'.`);
  const byRule = new Map<string, string[]>();
  for (const t of c.tags) byRule.set(t.rule, [...(byRule.get(t.rule) ?? []), t.tag]);
  for (const [rule, tags] of byRule) notes.push(`Tagged ${tags.join(', ')} by rule '${rule}'.`);
  if (c.noAcknowledgement.length)
    notes.push(`No acknowledgement: rule ${c.noAcknowledgement.map((n) => `'${n}'`).join(', ')}.`);
  for (const f of d.flags) notes.push(`Rule '${f.ruleName}' ${f.problem}.`);
  return notes;
}
