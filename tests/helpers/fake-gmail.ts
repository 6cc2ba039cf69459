// A local stand-in for the part of the Gmail API that Caseflow uses, written from the public reference
// (gmail/v1 users.getProfile, users.labels list/create, users.messages list/get/trash/modify/send,
// users.history.list, and the synchronization guide):
//   GET  /gmail/v1/users/{userId}/profile                   { emailAddress, historyId }
//   GET  …/messages?labelIds=&maxResults=&pageToken=         newest first, nextPageToken; TRASH/SPAM left out
//   GET  …/messages/{id}?format=raw                          { id, labelIds, raw: base64url, historyId }
//   POST …/messages/{id}/trash                               adds TRASH
//   POST …/messages/{id}/modify { addLabelIds, removeLabelIds }
//   POST …/messages/send { raw }                             a new message labelled SENT
//   GET  …/history?startHistoryId=&labelId=&historyTypes=&pageToken=   messagesAdded / labelsAdded records,
//        nextPageToken, the mailbox's current historyId; 404 when startHistoryId is older than history kept
// Access: bearer tokens from the test OAuth provider; they need gmail.modify (or https://mail.google.com/) and
// open only the signed-in account's mailbox (userId `me` or its address).
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { startFakeApiServer, type ApiToken, type FakeApiControls } from './fake-api-server';
import { fakeMailboxes } from './fake-mailboxes';
import type { TestOAuthProvider } from './oauth-provider';

type Message = { id: string; threadId: string; labels: Set<string>; raw: Buffer; historyId: number };
type HistoryRecord = {
  id: number;
  messageId: string;
  kind: 'messageAdded' | 'labelAdded' | 'labelRemoved';
  labelIds: string[];
};
type Mailbox = {
  address: string;
  messages: Map<string, Message>;
  labels: { id: string; name: string; type: 'system' | 'user' }[];
  history: HistoryRecord[];
  historyId: number;
  oldestHistory: number;
};

export type FakeGmailStats = {
  lists: number;
  /** Requests for a second or later page (pageToken). */
  nextPages: number;
  historyRequests: number;
  expiredHistory: number;
  rawRequests: number;
  trashes: number;
  modifies: number;
  sends: number;
  throttled: number;
  unauthorized: number;
};

export type FakeGmail = FakeApiControls & {
  url: string;
  addMailbox(address: string): void;
  /** A message arrives (labels INBOX and UNREAD); returns its id. */
  deliver(address: string, raw: Buffer | string, labels?: string[]): string;
  /** Messages under a label (id or name), TRASH left out unless asked for. */
  messages(address: string, label?: string): { id: string; raw: Buffer; labelIds: string[] }[];
  sent(address: string): Buffer[];
  /** History before now is no longer kept: history.list from an older id answers 404. */
  expireHistory(): void;
  stats: FakeGmailStats;
};

const rid = (n = 8) => randomBytes(n).toString('hex');
const SYSTEM = ['INBOX', 'SENT', 'TRASH', 'SPAM', 'UNREAD', 'STARRED', 'IMPORTANT', 'DRAFT'];
const MODIFY_SCOPES = ['https://www.googleapis.com/auth/gmail.modify', 'https://mail.google.com/'];

export async function startFakeGmail(provider: TestOAuthProvider): Promise<FakeGmail> {
  const mailboxes = fakeMailboxes<Mailbox>('fake gmail');
  const stats: FakeGmailStats = {
    lists: 0,
    nextPages: 0,
    historyRequests: 0,
    expiredHistory: 0,
    rawRequests: 0,
    trashes: 0,
    modifies: 0,
    sends: 0,
    throttled: 0,
    unauthorized: 0,
  };

  const labelId = (m: Mailbox, ref: string) => m.labels.find((l) => l.id === ref || l.name === ref)?.id;
  const record = (m: Mailbox, msg: Message, kind: HistoryRecord['kind'], labelIds: string[]) => {
    m.historyId++;
    msg.historyId = m.historyId;
    m.history.push({ id: m.historyId, messageId: msg.id, kind, labelIds });
  };
  const add = (m: Mailbox, raw: Buffer, labels: string[]) => {
    const msg: Message = { id: rid(), threadId: rid(), labels: new Set(labels), raw, historyId: 0 };
    m.messages.set(msg.id, msg);
    record(m, msg, 'messageAdded', labels);
    return msg;
  };
  const modify = (m: Mailbox, msg: Message, addIds: string[], removeIds: string[]) => {
    const added = addIds.filter((l) => !msg.labels.has(l));
    const removed = removeIds.filter((l) => msg.labels.has(l));
    for (const l of added) msg.labels.add(l);
    for (const l of removed) msg.labels.delete(l);
    if (added.length) record(m, msg, 'labelAdded', added);
    if (removed.length) record(m, msg, 'labelRemoved', removed);
  };
  const resource = (msg: Message) => ({ id: msg.id, threadId: msg.threadId, labelIds: [...msg.labels] });

  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    res.end(JSON.stringify(body));
  }
  const errorBody = (status: number, reason: string, message: string, statusText: string) => ({
    error: { code: status, message, errors: [{ message, domain: 'global', reason }], status: statusText },
  });
  const error = (res: http.ServerResponse, status: number, reason: string, message: string, statusText: string) =>
    send(res, status, errorBody(status, reason, message, statusText));

  function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, info: ApiToken) {
    const url = new URL(req.url ?? '/', 'http://gmail.test');
    const who = /^\/gmail\/v1\/users\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (!who) return error(res, 404, 'notFound', 'Not Found', 'NOT_FOUND');
    const userId = decodeURIComponent(who[1]).toLowerCase();
    const address = userId === 'me' ? info.email.toLowerCase() : userId;
    if (address !== info.email.toLowerCase())
      return error(res, 403, 'forbidden', 'Delegation denied.', 'PERMISSION_DENIED');
    if (!info.scope.split(/\s+/).some((s) => MODIFY_SCOPES.includes(s)))
      return error(
        res,
        403,
        'insufficientPermissions',
        'Request had insufficient authentication scopes.',
        'PERMISSION_DENIED',
      );
    const m = mailboxes.find(address);
    if (!m) return error(res, 400, 'failedPrecondition', 'Mail service not enabled', 'FAILED_PRECONDITION');
    const rest = who[2];
    const q = url.searchParams;
    const json = () => JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    let r: RegExpExecArray | null;

    if (rest === '/profile' && req.method === 'GET')
      return send(res, 200, {
        emailAddress: m.address,
        messagesTotal: m.messages.size,
        threadsTotal: m.messages.size,
        historyId: String(m.historyId),
      });
    if (rest === '/labels' && req.method === 'GET') return send(res, 200, { labels: m.labels });
    if (rest === '/labels' && req.method === 'POST') {
      const name = String(json().name ?? '');
      if (!name || m.labels.some((l) => l.name === name))
        return error(res, 409, 'duplicate', 'Label name exists or conflicts', 'ALREADY_EXISTS');
      const label = { id: `Label_${rid(4)}`, name, type: 'user' as const };
      m.labels.push(label);
      return send(res, 200, label);
    }
    if (rest === '/messages' && req.method === 'GET') {
      stats.lists++;
      const want = q.getAll('labelIds');
      const max = Math.min(Number(q.get('maxResults') ?? 100), 500, api.maxPageSize());
      const offset = Number(q.get('pageToken') ?? 0);
      if (offset) stats.nextPages++;
      const all = [...m.messages.values()]
        .filter((x) => !x.labels.has('TRASH') && !x.labels.has('SPAM') && want.every((l) => x.labels.has(l)))
        .sort((a, b) => b.historyId - a.historyId || (a.id < b.id ? 1 : -1));
      const page = all.slice(offset, offset + max);
      return send(res, 200, {
        messages: page.map((x) => ({ id: x.id, threadId: x.threadId })),
        ...(offset + max < all.length ? { nextPageToken: String(offset + max) } : {}),
        resultSizeEstimate: all.length,
      });
    }
    if (rest === '/messages/send' && req.method === 'POST') {
      const raw = Buffer.from(String(json().raw ?? ''), 'base64url');
      if (!raw.length)
        return error(res, 400, 'invalidArgument', "'raw' RFC822 payload message string", 'INVALID_ARGUMENT');
      stats.sends++;
      return send(res, 200, resource(add(m, raw, ['SENT'])));
    }
    if ((r = /^\/messages\/([^/]+)$/.exec(rest)) && req.method === 'GET') {
      const msg = m.messages.get(r[1]);
      if (!msg) return error(res, 404, 'notFound', 'Requested entity was not found.', 'NOT_FOUND');
      if (q.get('format') !== 'raw') return send(res, 200, resource(msg));
      stats.rawRequests++;
      return send(res, 200, {
        ...resource(msg),
        historyId: String(msg.historyId),
        sizeEstimate: msg.raw.length,
        raw: msg.raw.toString('base64url'),
      });
    }
    if ((r = /^\/messages\/([^/]+)\/(trash|modify)$/.exec(rest)) && req.method === 'POST') {
      const msg = m.messages.get(r[1]);
      if (!msg) return error(res, 404, 'notFound', 'Requested entity was not found.', 'NOT_FOUND');
      if (r[2] === 'trash') {
        stats.trashes++;
        modify(m, msg, ['TRASH'], []);
      } else {
        stats.modifies++;
        const b = json() as { addLabelIds?: string[]; removeLabelIds?: string[] };
        if ([...(b.addLabelIds ?? []), ...(b.removeLabelIds ?? [])].some((l) => !labelId(m, l)))
          return error(res, 400, 'invalidArgument', 'Invalid label', 'INVALID_ARGUMENT');
        modify(m, msg, b.addLabelIds ?? [], b.removeLabelIds ?? []);
      }
      return send(res, 200, resource(msg));
    }
    if (rest === '/history' && req.method === 'GET') {
      stats.historyRequests++;
      const start = Number(q.get('startHistoryId'));
      if (!Number.isFinite(start) || start < m.oldestHistory) {
        stats.expiredHistory++;
        return error(res, 404, 'notFound', 'Requested entity was not found.', 'NOT_FOUND');
      }
      const label = q.get('labelId');
      const types = q.getAll('historyTypes');
      const max = Math.min(Number(q.get('maxResults') ?? 100), 500, api.maxPageSize());
      const offset = Number(q.get('pageToken') ?? 0);
      if (offset) stats.nextPages++;
      const all = m.history.filter(
        (h) =>
          h.id > start &&
          (!types.length || types.includes(h.kind)) &&
          (!label || h.labelIds.includes(label) || m.messages.get(h.messageId)?.labels.has(label)),
      );
      const page = all.slice(offset, offset + max).map((h) => {
        const msg = m.messages.get(h.messageId)!;
        const message = {
          id: msg.id,
          threadId: msg.threadId,
          labelIds: h.kind === 'messageAdded' ? h.labelIds : [...msg.labels],
        };
        return {
          id: String(h.id),
          messages: [message],
          ...(h.kind === 'messageAdded' ? { messagesAdded: [{ message }] } : {}),
          ...(h.kind === 'labelAdded' ? { labelsAdded: [{ message, labelIds: h.labelIds }] } : {}),
          ...(h.kind === 'labelRemoved' ? { labelsRemoved: [{ message, labelIds: h.labelIds }] } : {}),
        };
      });
      return send(res, 200, {
        ...(page.length ? { history: page } : {}),
        ...(offset + max < all.length ? { nextPageToken: String(offset + max) } : {}),
        historyId: String(m.historyId),
      });
    }
    return error(res, 400, 'badRequest', 'Unsupported request.', 'INVALID_ARGUMENT');
  }

  const api = await startFakeApiServer({
    provider,
    stats,
    send,
    errorBodies: {
      throttled: (status) => ({
        error: {
          code: status,
          message: 'User-rate limit exceeded.',
          errors: [{ reason: 'rateLimitExceeded' }],
          status: 'RESOURCE_EXHAUSTED',
        },
      }),
      unauthorized: errorBody(401, 'authError', 'Invalid Credentials', 'UNAUTHENTICATED'),
      internal: (err) => ({ error: { code: 500, message: String(err), status: 'INTERNAL' } }),
    },
    handle,
  });
  const { expireAccessTokens, throttle, setPageSize, stop } = api;

  return {
    url: api.origin,
    addMailbox(address) {
      mailboxes.add(address, {
        address,
        messages: new Map(),
        labels: SYSTEM.map((id) => ({ id, name: id, type: 'system' as const })),
        history: [],
        historyId: 1000 + Math.floor(Math.random() * 1000),
        oldestHistory: 0,
      });
    },
    deliver(address, raw, labels = ['INBOX', 'UNREAD']) {
      return add(mailboxes.get(address), Buffer.from(raw), labels).id;
    },
    messages(address, label = 'INBOX') {
      const m = mailboxes.get(address);
      const id = labelId(m, label) ?? label;
      return [...m.messages.values()]
        .filter((x) => x.labels.has(id) && (id === 'TRASH' || !x.labels.has('TRASH')))
        .map((x) => ({ id: x.id, raw: x.raw, labelIds: [...x.labels] }));
    },
    sent(address) {
      return [...mailboxes.get(address).messages.values()].filter((x) => x.labels.has('SENT')).map((x) => x.raw);
    },
    expireHistory() {
      for (const m of mailboxes.all()) m.oldestHistory = m.historyId + 1;
    },
    expireAccessTokens,
    throttle,
    setPageSize,
    stats,
    stop,
  };
}
