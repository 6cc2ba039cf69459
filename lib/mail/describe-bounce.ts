// The system note a bounce leaves on the case whose mail it returns: who, failed or only delayed,
// and the server's status and words, so an agent sees "Delivery failed to ann@example.com (5.1.1 …)".
import type { Classification } from './types';

export function describeBounce(c: Classification): string {
  const delayed = c.deliveryAction === 'delayed';
  const who = (delayed ? c.delayedRecipients : c.failedRecipients)?.join(', ') || 'a recipient';
  const words = c.bounceDiagnostic ?? '';
  const status = c.bounceStatus && !words.includes(c.bounceStatus) ? `${c.bounceStatus} ` : '';
  const detail = `${status}${words}`.trim();
  const head = delayed ? `Delivery delayed to ${who}; the sending server will retry` : `Delivery failed to ${who}`;
  return `${head}${detail ? ` (${detail.slice(0, 300)})` : ''}.`;
}
