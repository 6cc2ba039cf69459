// An HTTPS client for the mail APIs (Microsoft Graph, Gmail API): every request goes through the outbound
// guard and connects to the very address that was checked (guarded-request.ts; docs/architecture.md,
// invariant 7), carries the mailbox's bearer token, and:
//   401          → one fresh token (the grant may have been renewed or the token revoked early), then `auth`
//   429 / 503    → waits as long as Retry-After says (capped), a few times, then `timeout` (retried next run)
//   403          → `permission`, with the provider's own error code shown verbatim (ErrorAccessDenied, …)
//   other 4xx/5xx → ApiError with the status and the provider's code, for the source to decide
// The provider's error text is never shown (it can name internal objects); its code is.
import { AppError } from '@/lib/errors';
import { MailboxConnectionError } from '@/lib/mailboxes/connection-error';
import { guardedRequest, type GuardedResponse } from './guarded-request';

export type ApiResponse = GuardedResponse;

export class ApiError extends AppError {
  constructor(
    public readonly httpStatus: number,
    public readonly providerCode: string,
    message: string,
    code = 'protocol',
  ) {
    super(httpStatus >= 500 ? 'unavailable' : 'bad_request', message, { code, httpStatus, providerCode });
    this.name = 'ApiError';
  }
}

/** A 404 from the API: the message (or, for Gmail, the saved history) is not there any more. */
export function isGone(err: unknown): boolean {
  return err instanceof ApiError && err.httpStatus === 404;
}

export type TokenSource = (rejected?: string) => Promise<string>;

export type ApiClientOptions = {
  baseUrl: string;
  token: TokenSource;
  /** Largest answer accepted (a raw message can be big). */
  maxBytes?: number;
  timeoutMs?: number;
  /** Longest wait for one Retry-After, in seconds. */
  maxRetryAfterSeconds?: number;
  /** What the provider is called in messages. */
  provider: string;
};

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const THROTTLE_RETRIES = 5;

/** A provider error code is shown only when it looks like one (letters, digits, dots, dashes, underscores). */
export function safeProviderCode(code: unknown): string {
  return typeof code === 'string' && /^[A-Za-z0-9_.-]{1,80}$/.test(code) ? code : '';
}

/** Graph: `{ error: { code } }`; Google: `{ error: { status, errors: [{ reason }] } }`. */
function providerCodeOf(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as {
      error?: { code?: unknown; status?: unknown; errors?: { reason?: unknown }[] } | string;
    };
    const e = parsed.error;
    if (typeof e === 'string') return safeProviderCode(e);
    return safeProviderCode(e?.errors?.[0]?.reason) || safeProviderCode(e?.code) || safeProviderCode(e?.status);
  } catch {
    return '';
  }
}

/** Retry-After in seconds (a number, or an HTTP date); 1 s when absent or unreadable. */
export function retryAfterSeconds(value: string | string[] | undefined): number {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return 1;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  return Number.isNaN(at) ? 1 : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export class MailApiClient {
  private token: string | undefined;
  readonly baseUrl: string;

  constructor(private readonly opts: ApiClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
  }

  /** `path` is relative to the base URL, or a full URL the API handed out (nextLink, deltaLink) on the same origin. */
  async request(
    method: string,
    path: string,
    init: { body?: Buffer | string; contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> {
    const url = this.resolve(path);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      this.token ??= await this.opts.token();
      const res = await send(url, method, {
        ...init,
        headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...init.headers },
        maxBytes: this.opts.maxBytes ?? DEFAULT_MAX_BYTES,
        timeoutMs: this.opts.timeoutMs ?? 60_000,
      });
      if (res.status === 401 && !refreshed) {
        refreshed = true;
        this.token = await this.opts.token(this.token);
        continue;
      }
      if ((res.status === 429 || res.status === 503) && attempt < THROTTLE_RETRIES) {
        const wait = Math.min(retryAfterSeconds(res.headers['retry-after']), this.opts.maxRetryAfterSeconds ?? 120);
        await new Promise((r) => setTimeout(r, wait * 1000));
        continue;
      }
      if (res.status < 400) return res;
      throw this.failure(res);
    }
  }

  async json<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const res = await this.request(method, path, {
      ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
      headers,
    });
    if (!res.body.length) return undefined as T;
    try {
      return JSON.parse(res.body.toString('utf8')) as T;
    } catch {
      throw new ApiError(res.status, '', `${this.opts.provider} sent an answer Caseflow could not read.`);
    }
  }

  private resolve(path: string): URL {
    const base = new URL(this.baseUrl);
    const url = /^https?:\/\//i.test(path) ? new URL(path) : new URL(`${this.baseUrl}${path}`);
    // A link the API handed out is followed only to the API's own origin: the token goes nowhere else.
    if (url.origin !== base.origin)
      throw new ApiError(502, '', `${this.opts.provider} pointed to another host; Caseflow did not follow it.`);
    return url;
  }

  private failure(res: ApiResponse): Error {
    const code = providerCodeOf(res.body);
    const shown = code ? ` (${res.status} ${code})` : ` (${res.status})`;
    if (res.status === 401) return new MailboxConnectionError('auth');
    if (res.status === 429 || res.status === 503) return new MailboxConnectionError('timeout');
    if (res.status === 403)
      return new ApiError(
        403,
        code,
        `${this.opts.provider} refused access to this mailbox${shown}. Check the permissions the app was granted (for a shared mailbox the .Shared permissions, or the app's access to that mailbox).`,
        'permission',
      );
    return new ApiError(res.status, code, `${this.opts.provider} answered with an error${shown}.`);
  }
}

type SendInit = {
  body?: Buffer | string;
  contentType?: string;
  headers: Record<string, string>;
  maxBytes: number;
  timeoutMs: number;
};

async function send(url: URL, method: string, init: SendInit): Promise<ApiResponse> {
  const body = init.body === undefined ? undefined : Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body);
  return guardedRequest(url, {
    method,
    headers: {
      ...init.headers,
      ...(init.contentType ? { 'content-type': init.contentType } : {}),
      'content-length': String(body?.length ?? 0),
    },
    body,
    maxBytes: init.maxBytes,
    oversized: () => new ApiError(502, '', 'The API sent an oversized answer.'),
    timeoutMs: init.timeoutMs,
  });
}
