// A local stand-in for the part of Microsoft Graph's mail API that Caseflow uses, written from the public
// documentation (Microsoft Graph REST v1.0: message delta, get MIME content, delete, move, mailFolder list and
// create, user sendMail with MIME; throttling guidance):
//   GET    /v1.0/{me|users/{id}}/mailFolders/{id|wellKnownName}/messages/delta   pages (Prefer: odata.maxpagesize)
//          with @odata.nextLink, then @odata.deltaLink; removed messages as { id, @removed }; an expired
//          delta token answers 410 Gone with SyncStateNotFound
//   GET    …/messages/{id}/$value                    the MIME bytes
//   DELETE …/messages/{id}                           moves it to Deleted Items (204)
//   POST   …/messages/{id}/move { destinationId }    201 with the moved message
//   GET/POST …/mailFolders                           top-level folders / create one
//   POST   …/sendMail (Content-Type text/plain, base64 MIME)   202; the copy lands in that mailbox's Sent Items
// Access: bearer tokens from the test OAuth provider (tests/helpers/oauth-provider.ts). A delegated token opens
// its own mailbox with Mail.ReadWrite (sending: Mail.Send) and another one only when its user is a member of it
// and the token has the .Shared permission; an app-only token opens the mailboxes its app was granted
// (application access policy / RBAC for Applications). Otherwise 403 ErrorAccessDenied.
// Message ids are immutable (as with Prefer: IdType="ImmutableId"): a move keeps the id.
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { startFakeApiServer, type ApiToken, type FakeApiControls } from './fake-api-server';
import { fakeMailboxes } from './fake-mailboxes';
import type { TestOAuthProvider } from './oauth-provider';

type Folder = { id: string; displayName: string; wellKnown?: string };
type Message = { id: string; raw: Buffer; folderId: string };
type Change = { seq: number; id: string; folderId: string; kind: 'added' | 'removed' };
type Mailbox = {
  address: string;
  folders: Folder[];
  messages: Map<string, Message>;
  changes: Change[];
  members: Set<string>;
  apps: Set<string>;
};
type DeltaToken = { folderId: string; seq: number; gen: number };

export type FakeGraphStats = {
  deltaRequests: number;
  /** Delta pages sent with an @odata.nextLink. */
  nextLinks: number;
  fullListings: number;
  expiredDeltas: number;
  valueRequests: number;
  deletes: number;
  moves: number;
  sends: number;
  throttled: number;
  unauthorized: number;
  forbidden: number;
};

export type FakeGraph = FakeApiControls & {
  /** The API base URL, as a mailbox's apiBaseUrl. */
  url: string;
  addMailbox(address: string, opts?: { members?: string[]; apps?: string[] }): void;
  /** A message arrives in a folder (default the inbox); returns its id. */
  deliver(address: string, raw: Buffer | string, folder?: string): string;
  /** The messages a folder holds (well-known name or display name). */
  messages(address: string, folder?: string): { id: string; raw: Buffer }[];
  sentItems(address: string): Buffer[];
  /** Every delta token handed out so far stops working (410 SyncStateNotFound). */
  expireDeltaTokens(): void;
  stats: FakeGraphStats;
};

const rid = (n = 18) => randomBytes(n).toString('base64url');
const WELL_KNOWN: [string, string][] = [
  ['inbox', 'Inbox'],
  ['sentitems', 'Sent Items'],
  ['deleteditems', 'Deleted Items'],
  ['archive', 'Archive'],
];

export async function startFakeGraph(provider: TestOAuthProvider): Promise<FakeGraph> {
  const mailboxes = fakeMailboxes<Mailbox>('fake graph');
  const deltaPages = new Map<string, { items: unknown[]; offset: number; token: DeltaToken; pageSize: number }>();
  let seq = 0;
  let generation = 0;
  let expiredBefore = 0;
  const stats: FakeGraphStats = {
    deltaRequests: 0,
    nextLinks: 0,
    fullListings: 0,
    expiredDeltas: 0,
    valueRequests: 0,
    deletes: 0,
    moves: 0,
    sends: 0,
    throttled: 0,
    unauthorized: 0,
    forbidden: 0,
  };

  const folderOf = (m: Mailbox, ref: string) =>
    m.folders.find(
      (f) => f.id === ref || f.wellKnown === ref.toLowerCase() || f.displayName.toLowerCase() === ref.toLowerCase(),
    );
  const place = (m: Mailbox, msg: Message, folderId: string) => {
    if (m.messages.has(msg.id)) m.changes.push({ seq: ++seq, id: msg.id, folderId: msg.folderId, kind: 'removed' });
    msg.folderId = folderId;
    m.messages.set(msg.id, msg);
    m.changes.push({ seq: ++seq, id: msg.id, folderId, kind: 'added' });
  };
  const baseUrl = () => `${api.origin}/v1.0`;

  function send(res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
    if (body === undefined) {
      res.writeHead(status, headers);
      return res.end();
    }
    if (Buffer.isBuffer(body)) {
      res.writeHead(status, { 'content-type': 'text/plain', ...headers });
      return res.end(body);
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
  const errorBody = (code: string, message: string) => ({ error: { code, message } });
  const error = (res: http.ServerResponse, status: number, code: string, message: string) =>
    send(res, status, errorBody(code, message));

  function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, info: ApiToken) {
    const url = new URL(req.url ?? '/', 'http://graph.test');
    const path = url.pathname.replace(/^\/v1\.0/, '');
    const who = /^\/(me|users\/([^/]+))(\/.*)$/.exec(path);
    if (!who) return error(res, 400, 'BadRequest', 'Unsupported path.');
    if (who[1] === 'me' && info.app)
      return error(res, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
    const address = (who[2] ? decodeURIComponent(who[2]) : info.email).toLowerCase();
    const m = mailboxes.find(address);
    if (!m) return error(res, 404, 'ErrorInvalidUser', 'The requested user is invalid.');
    const rest = who[3];
    const sending = rest === '/sendMail';
    const scopes = new Set(info.scope.split(/\s+/).map((s) => s.replace(/^https:\/\/graph\.microsoft\.com\//, '')));
    const need = sending ? 'Mail.Send' : 'Mail.ReadWrite';
    const allowed = info.app
      ? m.apps.has(info.clientId) && scopes.has('.default')
      : address === info.email.toLowerCase()
        ? scopes.has(need) || scopes.has(`${need}.Shared`)
        : m.members.has(info.email.toLowerCase()) && scopes.has(`${need}.Shared`);
    if (!allowed) {
      stats.forbidden++;
      return error(res, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    }

    let r: RegExpExecArray | null;
    if (sending && req.method === 'POST') {
      if (!/^text\/plain/.test(req.headers['content-type'] ?? ''))
        return error(res, 400, 'ErrorMimeContentInvalid', 'Send the MIME content base64-encoded as text/plain.');
      const raw = Buffer.from(body.toString('ascii'), 'base64');
      if (!raw.length || !/\r?\n\r?\n/.test(raw.toString('latin1')))
        return error(res, 400, 'ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.');
      stats.sends++;
      place(m, { id: rid(), raw, folderId: '' }, folderOf(m, 'sentitems')!.id);
      return send(res, 202);
    }
    if (rest === '/mailFolders' && req.method === 'GET')
      return send(res, 200, { value: m.folders.map((f) => ({ id: f.id, displayName: f.displayName })) });
    if (rest === '/mailFolders' && req.method === 'POST') {
      const name = String(JSON.parse(body.toString('utf8') || '{}').displayName ?? '');
      if (!name) return error(res, 400, 'ErrorInvalidRequest', 'displayName is required.');
      if (folderOf(m, name)) return error(res, 409, 'ErrorFolderExists', 'A folder with that name exists.');
      const f = { id: rid(), displayName: name };
      m.folders.push(f);
      return send(res, 201, f);
    }
    if ((r = /^\/mailFolders\/([^/]+)\/messages\/delta$/.exec(rest)) && req.method === 'GET') {
      stats.deltaRequests++;
      const folder = folderOf(m, decodeURIComponent(r[1]));
      if (!folder) return error(res, 404, 'ErrorItemNotFound', 'The specified folder could not be found.');
      return delta(m, folder, url, req, res);
    }
    if ((r = /^\/messages\/([^/]+)\/\$value$/.exec(rest)) && req.method === 'GET') {
      stats.valueRequests++;
      const msg = m.messages.get(decodeURIComponent(r[1]));
      if (!msg) return error(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      return send(res, 200, msg.raw);
    }
    if ((r = /^\/messages\/([^/]+)$/.exec(rest)) && req.method === 'DELETE') {
      const msg = m.messages.get(decodeURIComponent(r[1]));
      if (!msg) return error(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      stats.deletes++;
      place(m, msg, folderOf(m, 'deleteditems')!.id);
      return send(res, 204);
    }
    if ((r = /^\/messages\/([^/]+)\/move$/.exec(rest)) && req.method === 'POST') {
      const msg = m.messages.get(decodeURIComponent(r[1]));
      if (!msg) return error(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      const target = folderOf(m, String(JSON.parse(body.toString('utf8') || '{}').destinationId ?? ''));
      if (!target) return error(res, 404, 'ErrorItemNotFound', 'The destination folder could not be found.');
      stats.moves++;
      place(m, msg, target.id);
      return send(res, 201, { id: msg.id, parentFolderId: target.id });
    }
    return error(res, 400, 'BadRequest', 'Unsupported request.');
  }

  function delta(m: Mailbox, folder: Folder, url: URL, req: http.IncomingMessage, res: http.ServerResponse) {
    // odata.maxpagesize is a maximum: the service may send smaller pages (here at most the fake's page size).
    const asked = Number(/odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1] ?? 10);
    const pageSize = Math.min(asked, api.maxPageSize());
    const skip = url.searchParams.get('$skiptoken');
    let page = skip ? deltaPages.get(skip) : undefined;
    if (skip && !page) return error(res, 400, 'BadRequest', 'Unknown skip token.');
    if (!page) {
      const raw = url.searchParams.get('$deltatoken');
      let since: DeltaToken | null = null;
      if (raw) {
        since = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as DeltaToken;
        if (since.gen < expiredBefore || since.folderId !== folder.id) {
          stats.expiredDeltas++;
          return error(res, 410, 'SyncStateNotFound', 'The sync state generation is not found.');
        }
      } else stats.fullListings++;
      const upto = seq;
      const inFolder = (id: string) => m.messages.get(id)?.folderId === folder.id;
      const items: unknown[] = [];
      if (!since) {
        for (const msg of m.messages.values())
          if (msg.folderId === folder.id) items.push({ '@odata.type': '#microsoft.graph.message', id: msg.id });
      } else {
        const touched = new Set<string>();
        for (const c of m.changes) if (c.seq > since.seq && c.folderId === folder.id) touched.add(c.id);
        for (const id of touched)
          items.push(
            inFolder(id)
              ? { '@odata.type': '#microsoft.graph.message', id }
              : { '@odata.type': '#microsoft.graph.message', id, '@removed': { reason: 'deleted' } },
          );
      }
      page = { items, offset: 0, token: { folderId: folder.id, seq: upto, gen: generation++ }, pageSize };
    }
    const slice = page.items.slice(page.offset, page.offset + page.pageSize);
    const next = page.offset + page.pageSize;
    const base = `${baseUrl()}${url.pathname.replace(/^\/v1\.0/, '')}`;
    if (next < page.items.length) {
      const key = rid(12);
      deltaPages.set(key, { ...page, offset: next });
      stats.nextLinks++;
      return send(res, 200, { value: slice, '@odata.nextLink': `${base}?$skiptoken=${key}` });
    }
    const token = Buffer.from(JSON.stringify(page.token)).toString('base64url');
    return send(res, 200, { value: slice, '@odata.deltaLink': `${base}?$deltatoken=${token}` });
  }

  const api = await startFakeApiServer({
    provider,
    stats,
    send,
    errorBodies: {
      throttled: (status) => errorBody(status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', 'Slow down.'),
      unauthorized: errorBody('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'),
      internal: (err) => errorBody('InternalServerError', String(err)),
    },
    handle,
  });
  const { expireAccessTokens, throttle, setPageSize, stop } = api;

  return {
    url: baseUrl(),
    addMailbox(address, opts = {}) {
      mailboxes.add(address, {
        address,
        folders: WELL_KNOWN.map(([wellKnown, displayName]) => ({ id: rid(), displayName, wellKnown })),
        messages: new Map(),
        changes: [],
        members: new Set((opts.members ?? []).map((a) => a.toLowerCase())),
        apps: new Set(opts.apps ?? []),
      });
    },
    deliver(address, raw, folder = 'inbox') {
      const m = mailboxes.get(address);
      const f = folderOf(m, folder);
      if (!f) throw new Error(`fake graph: no folder ${folder}`);
      const msg = { id: `AAMk${rid(24)}`, raw: Buffer.from(raw), folderId: '' };
      place(m, msg, f.id);
      return msg.id;
    },
    messages(address, folder = 'inbox') {
      const m = mailboxes.get(address);
      const f = folderOf(m, folder);
      if (!f) return [];
      return [...m.messages.values()].filter((x) => x.folderId === f.id).map((x) => ({ id: x.id, raw: x.raw }));
    },
    sentItems(address) {
      const m = mailboxes.get(address);
      const f = folderOf(m, 'sentitems')!;
      return [...m.messages.values()].filter((x) => x.folderId === f.id).map((x) => x.raw);
    },
    expireDeltaTokens() {
      expiredBefore = generation;
    },
    expireAccessTokens,
    throttle,
    setPageSize,
    stats,
    stop,
  };
}
