// The headers of every automatic message we send (acknowledgements, sender confirmations): marked as
// auto-replied (RFC 3834) so other systems do not answer it automatically, with our loop header.
import { LOOP_HEADER, loopHeaderValue } from './loop-header';

export function autoReplyHeaders(tenantId: string, mailboxEmail: string): Record<string, string> {
  return {
    'Auto-Submitted': 'auto-replied',
    [LOOP_HEADER]: loopHeaderValue(tenantId),
    'X-Loop': mailboxEmail,
    Precedence: 'auto_reply',
    // Asks Exchange not to answer with its own auto-replies (out of office, read receipts).
    'X-Auto-Response-Suppress': 'All',
  };
}
