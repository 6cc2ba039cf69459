// The connection test a draft mailbox goes through before its import is confirmed: connect
// through the guard, sign in, check that we can delete exactly our own messages, count them.
import type { Db } from '@/db/client';
import type { mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import type { ImapFlow } from 'imapflow';
import { isPop3Error, type Pop3Client } from '@/lib/mail/pop3/client';
import { hasUidExpunge } from '@/lib/mail/sources/imap-source';
import { connectImap, type ConnectImapOptions, type ImapSecret } from './connect-imap';
import { connectPop3 } from './connect-pop3';
import { getMailbox } from './get-mailbox';
import { incomingSecret } from './incoming-secret';
import { oauthGrantProblem } from './oauth/check-oauth-grant';
import { isOAuthError } from './oauth/oauth-error';
import { isAppError } from '@/lib/errors';
import { ApiError } from '@/lib/mail/api/api-client';
import { isApiProtocol, openApiSource } from './open-api-source';
import {
  MailboxConnectionError,
  toMailboxConnectionError,
  type MailboxConnectionErrorCode,
  type TlsProblem,
} from './connection-error';

export type MailboxTestTarget = Pick<
  typeof mailboxes.$inferSelect,
  'host' | 'port' | 'starttls' | 'tlsVerify' | 'username' | 'folder'
> & { protocol: 'imap' | 'imaps' | 'pop3' | 'pop3s' };

export type MailboxTestResult =
  | { ok: true; messageCount: number; capabilities: string[] }
  | { ok: false; error: { code: MailboxConnectionErrorCode; message: string; tlsProblem?: TlsProblem } };

export type MailboxTestOptions = ConnectImapOptions;

function failure(err: unknown): MailboxTestResult {
  const e = toMailboxConnectionError(err);
  return {
    ok: false,
    error: { code: e.reason, message: e.message, ...(e.tlsProblem ? { tlsProblem: e.tlsProblem } : {}) },
  };
}

/** Runs `fn`, giving up (and calling `abort`) after `ms`: a server may accept and then say nothing. */
async function withDeadline<T>(ms: number, abort: () => void, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort();
      reject(new MailboxConnectionError('timeout'));
    }, ms);
  });
  try {
    return await Promise.race([fn(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function testImap(
  mailbox: MailboxTestTarget,
  secret: ImapSecret,
  opts: MailboxTestOptions,
): Promise<MailboxTestResult> {
  let client: ImapFlow | undefined;
  let aborted = false;
  const timeout = opts.timeoutMs ?? 30_000;
  try {
    return await withDeadline(
      timeout * 2,
      () => {
        aborted = true;
        client?.close();
      },
      async () => {
        client = await connectImap(mailbox, secret, opts);
        if (aborted) throw new MailboxConnectionError('timeout');
        const caps = client.capabilities;
        // The same question the sync asks: can Caseflow UID EXPUNGE exactly its own messages?
        const uidExpunge = hasUidExpunge(client);
        const capabilities = [...(uidExpunge ? ['UIDPLUS'] : []), ...(caps.has('IDLE') ? ['IDLE'] : [])];
        if (!uidExpunge) throw new MailboxConnectionError('no-uidplus');
        const box = await client.mailboxOpen(mailbox.folder, { readOnly: true });
        const messageCount = box.exists;
        await client.logout().catch(() => {});
        return { ok: true, messageCount, capabilities } as const;
      },
    );
  } catch (err) {
    return failure(err);
  } finally {
    client?.close();
  }
}

async function testPop3(
  mailbox: MailboxTestTarget,
  secret: ImapSecret,
  opts: MailboxTestOptions,
): Promise<MailboxTestResult> {
  let client: Pop3Client | undefined;
  const timeout = opts.timeoutMs ?? 30_000;
  try {
    return await withDeadline(
      timeout * 2,
      () => client?.destroy(),
      async () => {
        client = await connectPop3(mailbox, secret, opts);
        const caps = client.capabilities;
        // Servers without CAPA may still know UIDL: ask it directly before refusing.
        if (!caps.includes('UIDL')) {
          await client.uidl().catch((err: unknown) => {
            throw isPop3Error(err) && err.code === 'protocol' ? new MailboxConnectionError('no-uidl') : err;
          });
        }
        const { count } = await client.stat();
        // Nothing was marked for deletion, so QUIT removes nothing.
        await client.quit().catch(() => {});
        return {
          ok: true,
          messageCount: count,
          capabilities: ['UIDL', ...(caps.includes('PIPELINING') ? ['PIPELINING'] : [])],
        } as const;
      },
    );
  } catch (err) {
    return failure(err);
  } finally {
    client?.destroy();
  }
}

/**
 * Tests a mailbox's settings against its server. Never throws for server-side problems: the
 * result carries a typed error with a message in our words (no server text, never the secret).
 */
export async function testMailboxConnection(
  mailbox: MailboxTestTarget,
  secret: ImapSecret,
  opts: MailboxTestOptions = {},
): Promise<MailboxTestResult> {
  if (mailbox.protocol === 'imap' || mailbox.protocol === 'imaps') return testImap(mailbox, secret, opts);
  return testPop3(mailbox, secret, opts);
}

/**
 * `mailbox test <id>` and POST /mailboxes/:id/test: loads the tenant's mailbox (not_found
 * otherwise) and tests it with its stored password or OAuth access token. The network part runs outside any transaction.
 */
export async function testStoredMailbox(
  params: { tenantId: string; mailboxId: string },
  opts: MailboxTestOptions & { db?: Db } = {},
): Promise<MailboxTestResult> {
  const row = await withTenant(params.tenantId, (tx) => getMailbox(tx, params.mailboxId), opts.db);
  // A forwarding address has no server to reach and nothing stored to count: mail arrives over SMTP.
  if (row.protocol === 'forward') return { ok: true, messageCount: 0, capabilities: ['SMTP'] };
  if (isApiProtocol(row.protocol)) return testApiMailbox(row, opts);
  const target = { ...row, protocol: row.protocol };
  let secret: ImapSecret;
  try {
    // Password or (OAuth) a fresh access token: the same path every sync takes.
    secret = await incomingSecret(row);
  } catch (err) {
    if (isOAuthError(err)) return { ok: false, error: { code: 'auth', message: err.message } };
    return failure(err);
  }
  let result = await testMailboxConnection(target, secret, opts);
  if (row.authMethod !== 'oauth') return result;
  if (!result.ok && result.error.code === 'auth') {
    // The token may have died early (consent revoked): one forced refresh, as a sync does.
    try {
      result = await testMailboxConnection(target, await incomingSecret(row, { rejected: secret }), opts);
    } catch (err) {
      if (isOAuthError(err)) return { ok: false, error: { code: 'auth', message: err.message } };
      return failure(err);
    }
  }
  // Re-read: the secret lookup may just have refreshed the grant (and its scopes).
  const latest = await withTenant(params.tenantId, (tx) => getMailbox(tx, params.mailboxId), opts.db);
  const problem = oauthGrantProblem(latest);
  if (problem && !result.ok && result.error.code === 'auth')
    return { ok: false, error: { code: 'auth', message: problem } };
  return result;
}

/** A mail-API mailbox: sign in (token), find the folder, list what it holds (the count the import dialog shows). */
async function testApiMailbox(
  row: Parameters<typeof openApiSource>[0],
  opts: MailboxTestOptions,
): Promise<MailboxTestResult> {
  try {
    const source = await openApiSource(row, { timeoutMs: opts.timeoutMs });
    const refs = await source.listPending();
    return { ok: true, messageCount: refs.length, capabilities: [row.protocol === 'graph' ? 'DELTA' : 'HISTORY'] };
  } catch (err) {
    if (isOAuthError(err)) return { ok: false, error: { code: 'auth', message: err.message } };
    if (err instanceof ApiError)
      return {
        ok: false,
        error: { code: err.details?.code === 'permission' ? 'permission' : 'protocol', message: err.message },
      };
    if (isAppError(err) && err.details?.code === 'folder-missing')
      return { ok: false, error: { code: 'folder-missing', message: err.message } };
    return failure(err);
  }
}
