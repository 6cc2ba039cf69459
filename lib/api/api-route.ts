// The one wrapper for /api/v1/* route handlers: Bearer API key → tenant → zod-parsed input → handler → JSON.
//
// Adding an endpoint (app/api/v1/cases/[number]/route.ts):
//
//   // GET /api/v1/cases/:number – one case with its history
//   export const GET = apiRoute(
//     { params: z.object({ number: z.coerce.number().int().positive() }), query: z.object({ include: z.enum(['messages']).optional() }) },
//     async ({ tx, tenantId, params, query }) => getCase(tx, { tenantId, number: params.number, include: query.include }),
//   );
//
//   // POST /api/v1/cases/:number/notes – add an internal note
//   export const POST = apiRoute(
//     { params: z.object({ number: z.coerce.number().int().positive() }), body: z.object({ text: z.string().min(1) }), status: 201 },
//     async ({ tx, tenantId, apiKeyId, params, body }) => addNote(tx, { tenantId, number: params.number, text: body.text, actor: { kind: 'api_key', apiKeyId } }),
//   );
//
// - The body is read here, before any transaction opens, with a size cap (API_JSON_MAX_BYTES, or the
//   route's `maxBodyBytes` for uploads) and a deadline (REQUEST_BODY_TIMEOUT_MS): too large is 413,
//   too slow is 408, and a slow client never holds a database connection. The bytes are `rawBody`.
// - The handler runs inside withTenant(tenantId) and gets its transaction as `tx` (RLS applies);
//   pass `transaction: false` to get no transaction (e.g. a handler that calls lib functions opening their own).
// - Return a plain value (sent as JSON with `status`, default 200) or a Response (sent as is).
// - Throw AppError for expected failures: `{ "error": { "code", "message" } }` with its status.
//   A zod failure (params, query, body, or thrown by the handler) is 422 with the issues; anything else
//   is a 500 with a generic message (details go to the server log, never to the client).
// - Query values are strings (the last one wins for repeated keys); use z.coerce for numbers.
// - A missing record, or another tenant's, is AppError('not_found'): both look the same from outside.
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { withTenant } from '@/db/tenancy';
import { authenticateApiKey } from '@/lib/api-keys/authenticate-api-key';
import { env } from '@/lib/env';
import { AppError, isAppError } from '@/lib/errors';
import { issueList } from '@/lib/zod-issues';
import { readBody } from './read-body';

type AnySchema = z.ZodType;
type Out<S> = S extends AnySchema ? z.output<S> : Record<string, never>;

export type ApiContext<P, Q, B, T extends boolean> = {
  tenantId: string;
  apiKeyId: string;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** The request body as sent (empty for GET and HEAD), read within the limits above. */
  rawBody: Buffer;
  request: Request;
  tx: T extends false ? undefined : TenantTx;
};

export type ApiRouteSpec<P, Q, B, T extends boolean> = {
  params?: P;
  query?: Q;
  body?: B;
  status?: number;
  transaction?: T;
  /** Body size limit for this route (uploads); JSON routes keep API_JSON_MAX_BYTES. */
  maxBodyBytes?: number;
};

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function apiRoute<
  P extends AnySchema | undefined = undefined,
  Q extends AnySchema | undefined = undefined,
  B extends AnySchema | undefined = undefined,
  T extends boolean = true,
>(
  spec: ApiRouteSpec<P, Q, B, T>,
  handler: (ctx: ApiContext<P, Q, B, T>) => Promise<unknown>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    try {
      const { tenantId, apiKeyId } = await authenticateApiKey(bearerToken(request));
      const params = parse(spec.params, (await context?.params) ?? {}, 'params');
      const query = parse(spec.query, Object.fromEntries(new URL(request.url).searchParams), 'query');
      const rawBody =
        request.method === 'GET' || request.method === 'HEAD'
          ? Buffer.alloc(0)
          : await readBody(request, {
              maxBytes: spec.maxBodyBytes ?? env.API_JSON_MAX_BYTES,
              timeoutMs: env.REQUEST_BODY_TIMEOUT_MS,
            });
      const body = spec.body ? parse(spec.body, parseJson(rawBody), 'body') : parse(undefined, {}, 'body');
      const base = { tenantId, apiKeyId, params, query, body, rawBody, request } as Omit<ApiContext<P, Q, B, T>, 'tx'>;
      const result =
        spec.transaction === false
          ? await handler({ ...base, tx: undefined } as ApiContext<P, Q, B, T>)
          : await withTenant(tenantId, (tx) => handler({ ...base, tx } as ApiContext<P, Q, B, T>));
      if (result instanceof Response) return result;
      return Response.json(result ?? null, { status: spec.status ?? 200 });
    } catch (err) {
      return apiErrorResponse(err);
    }
  };
}

/** The JSON error every /api/v1 response uses; exported for handlers outside apiRoute (the catch-all 404). */
export function apiErrorResponse(err: unknown): Response {
  if (err instanceof z.ZodError) {
    const issues = issueList(err);
    return Response.json({ error: { code: 'validation', message: describeIssues(issues), issues } }, { status: 422 });
  }
  if (isAppError(err)) {
    const headers = err.code === 'unauthenticated' ? { 'WWW-Authenticate': 'Bearer realm="caseflow"' } : undefined;
    const issues =
      err.code === 'validation' && Array.isArray(err.details?.fields) ? { issues: err.details.fields } : {};
    return Response.json(
      { error: { code: err.code, message: err.message, ...issues } },
      { status: err.status, headers },
    );
  }
  console.error('api route failed', err);
  return Response.json(
    { error: { code: 'internal', message: 'Something went wrong on our side. Try again later.' } },
    { status: 500 },
  );
}

function bearerToken(request: Request): string {
  const header = request.headers.get('authorization');
  if (!header) throw new AppError('unauthenticated', 'Missing API key: send "Authorization: Bearer cf_live_…".');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AppError('unauthenticated', 'Malformed Authorization header: expected "Bearer cf_live_…".');
  return match[1];
}

function parse(schema: AnySchema | undefined, value: unknown, where: string): never {
  if (!schema) return {} as never;
  const result = schema.safeParse(value);
  if (result.success) return result.data as never;
  throw new z.ZodError(result.error.issues.map((i) => ({ ...i, path: [where, ...i.path] })));
}

function parseJson(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}

function describeIssues(issues: { path: string; message: string }[]): string {
  const first = issues[0];
  if (!first) return 'Invalid request.';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${first.path ? `${first.path}: ` : ''}${first.message}${more}`;
}
