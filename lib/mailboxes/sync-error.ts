// Turns whatever a sync run threw into a code, our own words for the owner, and the mailbox state it implies.
// Server banners and raw server error text are never passed on (they can leak internal names).
import { env } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { classifyServerError, mailboxTestMessage, type MailboxConnectionError } from './connection-error';
import type { MailboxRow } from './lease';
import { isOAuthError, oauthFailureMessage } from './oauth/oauth-error';

export type SyncErrorCode =
  | 'auth'
  | 'tls-required'
  | 'apop-only'
  | 'quota'
  | 'connection-lost'
  | 'tls'
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'no-uidplus'
  | 'no-uidl'
  | 'folder-missing'
  | 'folder-clash'
  | 'private-address'
  | 'lease-lost'
  | 'draft'
  | 'protocol'
  | 'internal'
  | 'needs-reauth'
  | 'oauth-client'
  | 'oauth-provider'
  | 'permission';

const messages: Record<SyncErrorCode, string> = {
  auth: 'The server rejected the username or password. Update them in the mailbox settings.',
  'tls-required': mailboxTestMessage['tls-required'],
  'apop-only': mailboxTestMessage['apop-only'],
  quota: mailboxTestMessage.quota,
  'connection-lost': mailboxTestMessage['connection-lost'],
  tls: 'A secure connection could not be established (certificate or TLS problem). Check the host name and the certificate setting.',
  dns: 'The mail server host name could not be resolved. Check the host name.',
  refused: 'The mail server refused the connection. Check the host and port.',
  timeout: 'The mail server did not answer in time. Caseflow will retry.',
  'no-uidplus': 'The server does not support UIDPLUS, so Caseflow cannot delete only its own messages.',
  'no-uidl': 'The server does not support UIDL, so Caseflow cannot track messages safely.',
  'folder-missing':
    'The configured folder does not exist on the server (it may have been deleted or renamed). Create it again, or choose another folder in the mailbox settings.',
  'folder-clash':
    'Two folders this mailbox reads report the same UIDVALIDITY, so their messages could be mistaken for each other. Read only one of them (remove the other from the mailbox’s folders).',
  'private-address':
    'This address points to a private or local network, which Caseflow does not connect to. An operator can allow it with ALLOW_PRIVATE_HOSTS.',
  'lease-lost': 'Another sync took over this mailbox; it will finish the work.',
  draft: 'This mailbox is still a draft: test the connection and confirm the import first.',
  protocol: 'The mail server answered in a way Caseflow did not expect. Caseflow will retry.',
  internal: 'The sync failed unexpectedly. Caseflow will retry; the server log has details.',
  'needs-reauth': oauthFailureMessage['needs-reauth'],
  'oauth-client': oauthFailureMessage['oauth-client'],
  'oauth-provider': oauthFailureMessage['oauth-provider'],
  permission:
    'The provider refused access to this mailbox. Check the permissions the app was granted (for a shared mailbox, the .Shared permissions or the app’s access to that mailbox).',
};

/** Errors that need the owner: the mailbox goes to `error` until they fix the settings. */
const needsOwner: SyncErrorCode[] = [
  'auth',
  'tls-required',
  'apop-only',
  'quota',
  'tls',
  'no-uidplus',
  'no-uidl',
  'folder-missing',
  'folder-clash',
  'private-address',
  'oauth-client',
  'permission',
];

export function syncErrorCode(err: unknown): SyncErrorCode {
  return classifySyncError(err).code;
}

function classifySyncError(err: unknown): { code: SyncErrorCode; server?: MailboxConnectionError } {
  // Whatever a server or the network did has a code of its own (the same reading the connection test uses).
  const server = classifyServerError(err);
  if (server) return { code: server.reason, server };
  if (isAppError(err)) {
    const c = String(err.details?.code ?? err.details?.reason ?? '');
    if (c in messages) return { code: c as SyncErrorCode };
    if (err.code === 'conflict') return { code: 'lease-lost' };
  }
  const code = String((err as { code?: unknown } | undefined)?.code ?? '');
  if (code in messages) return { code: code as SyncErrorCode };
  return { code: 'internal' };
}

/** Errors that retrying cannot fix: the owner must act (settings, consent, confirming the import). */
export function syncErrorNeedsOwner(code: string): boolean {
  return (needsOwner as string[]).includes(code) || code === 'needs-reauth' || code === 'draft';
}

export function describeSyncError(err: unknown): {
  code: SyncErrorCode;
  message: string;
  mailboxState?: MailboxRow['state'];
} {
  const { code, server } = classifySyncError(err);
  if (code === 'internal' && env.NODE_ENV !== 'test') {
    console.error('[caseflow] sync failed:', err instanceof Error ? err.stack : err);
  }
  // OAuth refresh refused: only a new sign-in at the provider helps.
  // The provider's refusal, in our words with its error code (lib/mailboxes/oauth/token-client.ts), when there is one.
  const oauthMessage = isOAuthError(err) && err.message ? err.message : undefined;
  if (code === 'needs-reauth') return { code, message: oauthMessage ?? messages[code], mailboxState: 'needs_reauth' };
  if (code === 'oauth-client' && oauthMessage) return { code, message: oauthMessage, mailboxState: 'error' };
  // A mail API's refusal carries the provider's error code (lib/mail/api/api-client.ts): shown as it is.
  if (code === 'permission' && isAppError(err)) return { code, message: err.message, mailboxState: 'error' };
  // A TLS problem is told precisely (expired, self-signed, wrong port…): the owner acts on the exact one.
  const message = code === 'tls' && server?.tlsProblem ? server.message : messages[code];
  return { code, message, mailboxState: needsOwner.includes(code) ? 'error' : undefined };
}
