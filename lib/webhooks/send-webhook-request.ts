// One HTTP POST of a webhook: the URL re-checked by the outbound guard, the socket connected to
// the very address that was checked (no second DNS answer), 15 s for the whole exchange, no
// redirects, and at most the first 2 KB of the answer kept.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isAppError } from '@/lib/errors';
import { normalizeHostName } from '@/lib/net/allow-list';
import { isOutboundGuardError, privateAddressMessage, resolveOutbound } from '@/lib/net/outbound-guard';
import { checkEndpointUrl } from './endpoint-url';
import { parseRetryAfter } from './retry-schedule';

export const WEBHOOK_TIMEOUT_MS = 15_000;
export const RESPONSE_EXCERPT_BYTES = 2048;

export type WebhookRequest = {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs?: number;
  allow?: string;
};

export type WebhookResponse = {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  responseBody: string | null;
  error: string | null;
  /** 429/503 with a Retry-After header: how long the consumer asked us to wait. */
  retryAfterMs: number | null;
};

export async function sendWebhookRequest(req: WebhookRequest): Promise<WebhookResponse> {
  const started = Date.now();
  const fail = (error: string): WebhookResponse => ({
    ok: false,
    statusCode: null,
    durationMs: Date.now() - started,
    responseBody: null,
    error,
    retryAfterMs: null,
  });
  let checked;
  try {
    checked = await checkEndpointUrl(req.url, { allow: req.allow });
  } catch (err) {
    if (isAppError(err)) return fail(err.message);
    throw err;
  }
  const { url, target } = checked;
  const host = normalizeHostName(url.hostname);
  const body = Buffer.from(req.body, 'utf8');
  const timeoutMs = req.timeoutMs ?? WEBHOOK_TIMEOUT_MS;

  const result = await new Promise<
    { statusCode: number; headers: http.IncomingHttpHeaders; excerpt: Buffer } | { error: string }
  >((resolve) => {
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    const settle = (
      value: { statusCode: number; headers: http.IncomingHttpHeaders; excerpt: Buffer } | { error: string },
    ) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const request = client.request({
      host: target.address,
      family: target.family,
      port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      agent: false,
      // Certificates are checked against the name in the URL, not the address we connect to.
      ...(url.protocol === 'https:' && !isIP(host) ? { servername: host } : {}),
      headers: {
        ...req.headers,
        host: url.host,
        'content-type': 'application/json',
        'content-length': String(body.length),
        'user-agent': 'Caseflow-Webhooks/1',
      },
    });
    const timer = setTimeout(() => {
      request.destroy();
      settle({ error: `No response within ${timeoutMs / 1000} s.` });
    }, timeoutMs);
    request.on('error', (err: NodeJS.ErrnoException) => settle({ error: describeNetworkError(err) }));
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        settle({
          statusCode: res.statusCode ?? 0,
          headers: res.headers,
          excerpt: Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES),
        });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_EXCERPT_BYTES) done();
      });
      res.on('end', done);
      res.on('error', done);
      res.on('aborted', done);
    });
    request.end(body);
  });

  const durationMs = Date.now() - started;
  if ('error' in result) return { ...fail(result.error), durationMs };
  const { statusCode, headers } = result;
  const responseBody = result.excerpt.toString('utf8');
  const base = { statusCode, durationMs, responseBody, retryAfterMs: null };
  if (statusCode >= 200 && statusCode < 300) return { ...base, ok: true, error: null };
  if (statusCode >= 300 && statusCode < 400)
    return { ...base, ok: false, error: await describeRedirect(statusCode, headers.location, url, req.allow) };
  const retryAfterMs =
    statusCode === 429 || statusCode === 503 ? parseRetryAfter(headerValue(headers['retry-after']), new Date()) : null;
  return { ...base, ok: false, error: `The endpoint answered ${statusCode}.`, retryAfterMs };
}

/** A redirect is never followed; one pointing at an address the guard refuses says so in the guard's words. */
async function describeRedirect(
  status: number,
  location: string | undefined,
  from: URL,
  allow: string | undefined,
): Promise<string> {
  if (location) {
    try {
      const to = new URL(location, from);
      await resolveOutbound(to.hostname, { allow });
    } catch (err) {
      if (isOutboundGuardError(err) && err.reason === 'private-address') return privateAddressMessage;
    }
  }
  return `The endpoint answered with a redirect (${status}); redirects are not followed. Use the final URL.`;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

// Our own words only: never the peer's bytes (a banner or page could carry anything).
function describeNetworkError(err: NodeJS.ErrnoException): string {
  if (isOutboundGuardError(err)) return err.message;
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'The connection was refused.';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'The connection was closed before an answer arrived.';
    case 'ETIMEDOUT':
      return 'The connection timed out.';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'The host cannot be reached.';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'TLS: the certificate does not match the host name.';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'TLS: the certificate is self-signed.';
    case 'CERT_HAS_EXPIRED':
      return 'TLS: the certificate has expired.';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'TLS: the certificate could not be verified.';
    default:
      return err.code?.startsWith('ERR_SSL') || err.code?.startsWith('ERR_TLS')
        ? 'TLS handshake failed.'
        : 'The request failed before an answer arrived.';
  }
}
