// Calls an App Router route handler (app/api/v1/...) the way Next.js does: a Request with the API key as a
// Bearer token, and the route's params as a promise. The answer's text is read, and parsed when it is JSON.
export type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

export type RouteRequest = {
  /** The API key, sent as `Authorization: Bearer …`. */
  key: string;
  method?: string;
  /** The request path (with its query); the handler is called directly, so it only shows in `request.url`. */
  path?: string;
  params?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** A raw body (a message), sent as `type` (message/rfc822 by default). */
  body?: Buffer;
  type?: string;
};

/** `body`: the parsed JSON, typed loosely as tests read whatever the route answers. */
export type RouteAnswer = { status: number; headers: Headers; text: string; body: any };

export async function callRoute(handler: RouteHandler, request: RouteRequest): Promise<RouteAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${request.key}` };
  let body: BodyInit | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.body) {
    headers['content-type'] = request.type ?? 'message/rfc822';
    body = new Uint8Array(request.body);
  }
  const res = await handler(
    new Request(`http://caseflow.test${request.path ?? '/api/v1/x'}`, {
      method: request.method ?? 'GET',
      headers,
      body,
    }),
    { params: Promise.resolve(request.params ?? {}) },
  );
  const text = await res.text();
  const json = /json/.test(res.headers.get('content-type') ?? '') && text !== '';
  return { status: res.status, headers: res.headers, text, body: json ? JSON.parse(text) : null };
}
