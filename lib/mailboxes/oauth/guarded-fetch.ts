// The HTTP client oauth4webapi uses for the provider's token endpoint (its `customFetch` hook):
// the host is checked by the outbound guard and the socket connects to the very address that was
// checked (docs/architecture.md, invariant 7) — a custom provider URL must not reach into our private network.
// The request itself is the mail API's (lib/mail/api/guarded-request.ts); this adapts it to fetch's shape.
import { guardedRequest } from '@/lib/mail/api/guarded-request';

const MAX_RESPONSE_BYTES = 1024 * 1024;

type FetchOptions = { body?: unknown; headers: Record<string, string>; method: string; signal?: AbortSignal };

export async function guardedFetch(input: string, options: FetchOptions): Promise<Response> {
  const body =
    options.body === undefined || options.body === null ? undefined : Buffer.from(String(options.body), 'utf8');
  const res = await guardedRequest(new URL(input), {
    method: options.method,
    headers: { ...options.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
    body,
    maxBytes: MAX_RESPONSE_BYTES,
    oversized: () => new Error('The OAuth provider sent an oversized answer.'),
    signal: options.signal,
  });
  const headers = new Headers();
  for (const [k, v] of Object.entries(res.headers)) {
    if (typeof v === 'string') headers.set(k, v);
    else if (Array.isArray(v)) for (const item of v) headers.append(k, item);
  }
  // Redirects are never followed (the Response carries them to oauth4webapi, which fails them).
  const content = res.status === 204 || res.status === 304 ? null : new Uint8Array(res.body);
  return new Response(content, { status: res.status, headers });
}
