// The HTTP client oauth4webapi uses for the provider's token endpoint (its `customFetch` hook):
// the host is checked by the outbound guard and the socket connects to the very address that was
// checked (docs/architecture.md, invariant 7) — a custom provider URL must not reach into our private network.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { normalizeHostName } from '@/lib/net/allow-list';
import { resolveOutbound } from '@/lib/net/outbound-guard';

const MAX_RESPONSE_BYTES = 1024 * 1024;

type FetchOptions = { body?: unknown; headers: Record<string, string>; method: string; signal?: AbortSignal };

export async function guardedFetch(input: string, options: FetchOptions): Promise<Response> {
  const url = new URL(input);
  const host = normalizeHostName(url.hostname);
  const target = await resolveOutbound(host);
  const body =
    options.body === undefined || options.body === null ? undefined : Buffer.from(String(options.body), 'utf8');
  const secure = url.protocol === 'https:';
  return new Promise<Response>((resolve, reject) => {
    const req = (secure ? https : http).request({
      host: target.address,
      family: target.family,
      port: url.port ? Number(url.port) : secure ? 443 : 80,
      path: `${url.pathname}${url.search}`,
      method: options.method,
      agent: false,
      // The certificate is checked against the name in the URL, not the address we connect to.
      ...(secure && !isIP(host) ? { servername: host } : {}),
      headers: { ...options.headers, host: url.host, ...(body ? { 'content-length': String(body.length) } : {}) },
      signal: options.signal,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) {
          res.destroy();
          reject(new Error('The OAuth provider sent an oversized answer.'));
          return;
        }
        chunks.push(c);
      });
      res.on('error', reject);
      res.on('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          if (typeof v === 'string') headers.set(k, v);
          else if (Array.isArray(v)) for (const item of v) headers.append(k, item);
        }
        const status = res.statusCode ?? 502;
        // Redirects are never followed (the Response carries them to oauth4webapi, which fails them).
        resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }));
      });
    });
    req.end(body);
  });
}
