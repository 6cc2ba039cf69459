// The plumbing the fake mail APIs (fake-gmail.ts, fake-graph.ts) share, so that each keeps only its API's shapes:
// an HTTP server on 127.0.0.1 that reads the whole body first; a burst of throttled answers (429 or 503 with
// Retry-After) before anything else; bearer tokens checked against the test OAuth provider, and refused with 401
// once expired early; the largest page the service sends; a thrown error answered 500.
//
//   const api = await startFakeApiServer({
//     provider, stats, send,                          // stats.throttled / stats.unauthorized are counted here
//     errorBodies: { throttled: (status) => …, unauthorized: …, internal: (err) => … },
//     handle: (req, res, body, token) => …,           // only requests that got past throttling and the token check
//   });
//   api.origin; api.maxPageSize(); api.throttle(2, 1, 503); api.expireAccessTokens(); await api.stop();
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestOAuthProvider } from './oauth-provider';

export type ApiToken = NonNullable<ReturnType<TestOAuthProvider['tokenInfo']>>;

/** The fake's own response writer (each API has its own content type and body rules). */
export type SendResponse = (
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers?: Record<string, string>,
) => void;

/** What a test can do to any fake API, whichever API it speaks. */
export type FakeApiControls = {
  /** Every access token seen so far is refused with 401 from now on (expired early). */
  expireAccessTokens(): void;
  /** The next `count` requests answer `status` (429 or 503) with Retry-After: `seconds`. */
  throttle(count: number, seconds: number, status?: number): void;
  /** The largest page the service sends, whatever the client asks for (default 4, so listings page). */
  setPageSize(n: number): void;
  stop(): Promise<void>;
};

export type FakeApiServer = FakeApiControls & {
  /** http://127.0.0.1:<port> */
  origin: string;
  maxPageSize(): number;
};

export async function startFakeApiServer(opts: {
  provider: TestOAuthProvider;
  stats: { throttled: number; unauthorized: number };
  send: SendResponse;
  errorBodies: { throttled(status: number): unknown; unauthorized: unknown; internal(err: unknown): unknown };
  handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, token: ApiToken): void;
}): Promise<FakeApiServer> {
  const { stats, send, errorBodies } = opts;
  const seenTokens = new Set<string>();
  const refusedTokens = new Set<string>();
  let throttleLeft = 0;
  let throttleSeconds = 1;
  let throttleStatus = 429;
  let pageSize = 4;

  function admit(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) {
    if (throttleLeft > 0) {
      throttleLeft--;
      stats.throttled++;
      return send(res, throttleStatus, errorBodies.throttled(throttleStatus), {
        'retry-after': String(throttleSeconds),
      });
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const info = refusedTokens.has(token) ? null : opts.provider.tokenInfo(token);
    if (!info) {
      stats.unauthorized++;
      return send(res, 401, errorBodies.unauthorized);
    }
    seenTokens.add(token);
    opts.handle(req, res, body, info);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        admit(req, res, Buffer.concat(chunks));
      } catch (err) {
        send(res, 500, errorBodies.internal(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    maxPageSize: () => pageSize,
    setPageSize(n) {
      pageSize = n;
    },
    expireAccessTokens() {
      for (const t of seenTokens) refusedTokens.add(t);
    },
    throttle(count, seconds, status = 429) {
      throttleLeft = count;
      throttleSeconds = seconds;
      throttleStatus = status;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
