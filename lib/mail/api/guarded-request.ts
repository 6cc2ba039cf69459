// One HTTP(S) request to a host the outbound guard allows, on a socket to the very address that was checked
// (docs/architecture.md, invariant 7): a name that resolves elsewhere after the check cannot move the request
// into our private network. The answer is read whole, up to a size cap; redirects are never followed.
// The mail API client (api-client.ts) sends through it; so can the OAuth token endpoint's fetch.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { normalizeHostName } from '@/lib/net/allow-list';
import { resolveOutbound } from '@/lib/net/outbound-guard';

export type GuardedResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

export type GuardedRequestInit = {
  method: string;
  /** Sent as given (content-type and content-length included); `host` is set from the URL. */
  headers: Record<string, string>;
  body?: Buffer;
  /** Largest answer read: over it the response is dropped and the request fails with `oversized()`. */
  maxBytes: number;
  oversized: () => Error;
  /** An idle socket fails the request with ETIMEDOUT after this long. */
  timeoutMs?: number;
  signal?: AbortSignal;
};

export async function guardedRequest(url: URL, init: GuardedRequestInit): Promise<GuardedResponse> {
  const host = normalizeHostName(url.hostname);
  const target = await resolveOutbound(host);
  const secure = url.protocol === 'https:';
  return new Promise<GuardedResponse>((resolve, reject) => {
    const req = (secure ? https : http).request({
      host: target.address,
      family: target.family,
      port: url.port ? Number(url.port) : secure ? 443 : 80,
      path: `${url.pathname}${url.search}`,
      method: init.method,
      agent: false,
      // The certificate is checked against the name in the URL, not the address we connect to.
      ...(secure && !isIP(host) ? { servername: host } : {}),
      headers: { ...init.headers, host: url.host },
      timeout: init.timeoutMs,
      signal: init.signal,
    });
    if (init.timeoutMs !== undefined)
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > init.maxBytes) {
          res.destroy();
          reject(init.oversized());
          return;
        }
        chunks.push(c);
      });
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.end(init.body);
  });
}
