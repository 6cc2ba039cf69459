// The mail-API mailboxes ('graph', 'gmail-api'): an API client with the mailbox's OAuth access token
// (refreshed, or for app-only access requested anew, in one place: oauth/get-access-token.ts) and its source.
import { env } from '@/lib/env';
import { MailApiClient } from '@/lib/mail/api/api-client';
import { openGmailSource } from '@/lib/mail/sources/gmail-source';
import { openGraphSource } from '@/lib/mail/sources/graph-source';
import type { MailSource } from '@/lib/mail/sources/types';
import type { MailboxRow } from './lease';

export type ApiProtocol = 'graph' | 'gmail-api';

export function isApiProtocol(protocol: string): protocol is ApiProtocol {
  return protocol === 'graph' || protocol === 'gmail-api';
}

export function apiBaseUrlOf(mailbox: Pick<MailboxRow, 'protocol' | 'apiBaseUrl'>): string {
  return mailbox.apiBaseUrl ?? (mailbox.protocol === 'graph' ? env.GRAPH_API_URL : env.GMAIL_API_URL);
}

export function mailboxApiClient(
  mailbox: Pick<MailboxRow, 'id' | 'tenantId' | 'protocol' | 'apiBaseUrl'>,
  opts: { timeoutMs?: number; maxBytes?: number } = {},
): MailApiClient {
  return new MailApiClient({
    baseUrl: apiBaseUrlOf(mailbox),
    provider: mailbox.protocol === 'graph' ? 'Microsoft Graph' : 'The Gmail API',
    timeoutMs: opts.timeoutMs,
    maxBytes: opts.maxBytes,
    token: async (rejected) => {
      const { getMailboxAccessToken } = await import('./oauth/get-access-token');
      return getMailboxAccessToken(mailbox.id, mailbox.tenantId, { rejected });
    },
  });
}

export async function openApiSource(mailbox: MailboxRow, opts: { timeoutMs?: number } = {}): Promise<MailSource> {
  // A raw message arrives whole (Gmail: base64url inside JSON, a third larger). Like IMAP, a message over the
  // mailbox's limit is still fetched and stored (then handled as too large); the cap sits above what the providers
  // accept at all (Exchange Online: 150 MB), so no message can stall the mailbox by being refused here.
  const api = mailboxApiClient(mailbox, {
    ...opts,
    maxBytes: Math.max(Math.ceil(mailbox.maxMessageBytes * 1.4), 210 * 1024 * 1024),
  });
  const common = {
    user: mailbox.apiUser,
    folder: mailbox.folder,
    moveTo: mailbox.afterProcessing === 'move' ? mailbox.moveToFolder : null,
    cursor: mailbox.syncCursor,
  };
  return mailbox.protocol === 'graph' ? openGraphSource(api, common) : openGmailSource(api, common);
}
