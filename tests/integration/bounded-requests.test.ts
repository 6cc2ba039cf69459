// Request bodies are read with a cap and a deadline before any transaction opens (README "Security").
// Before this, apiRoute opened the tenant transaction and the simulate handler read the body inside
// it: ten slow uploads held ten connections "idle in transaction" and every other tenant's request
// waited for a free one until the sockets closed; and a JSON body had no size limit at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getTenant } from '@/app/api/v1/tenant/route';
import { POST as simulate } from '@/app/api/v1/mailboxes/[id]/simulate/route';
import { POST as createRule } from '@/app/api/v1/rules/route';
import { env, resetEnvForTests } from '@/lib/env';
import { apiKeyFor } from '@/tests/helpers/api-key';
import { makeTenant } from '@/tests/helpers/tenant';

const saved = process.env.REQUEST_BODY_TIMEOUT_MS;
beforeAll(() => {
  process.env.REQUEST_BODY_TIMEOUT_MS = '5000';
  resetEnvForTests();
});
afterAll(() => {
  if (saved === undefined) delete process.env.REQUEST_BODY_TIMEOUT_MS;
  else process.env.REQUEST_BODY_TIMEOUT_MS = saved;
  resetEnvForTests();
});

async function tenantKey(label: string): Promise<string> {
  const t = await makeTenant(label);
  const key = await apiKeyFor(t.tenantId);
  return key;
}

const context = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

/** A body that sends a few bytes and then nothing, as a slow or malicious client does. */
function stalledBody(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('From: a@example.org\r\n'));
    },
  });
}

function post(url: string, key: string, body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string>) {
  return new Request(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, ...headers },
    body: body as BodyInit,
    duplex: 'half',
  } as RequestInit);
}

describe('slow uploads', () => {
  it('ten stalled uploads leave another tenant answered, and each gets 408 at the deadline', async () => {
    const attacker = await tenantKey('slow');
    const other = await tenantKey('other');
    const slots = Math.max(10, env.DATABASE_POOL_MAX);
    const started = Date.now();
    const uploads = Array.from({ length: slots }, () =>
      simulate(
        post(`http://caseflow.test/api/v1/mailboxes/x/simulate`, attacker, stalledBody(), {
          'content-type': 'message/rfc822',
        }),
        context({ id: '00000000-0000-4000-8000-000000000000' }),
      ),
    );
    await new Promise((r) => setTimeout(r, 300)); // every upload is now waiting for its body

    const answer = await Promise.race([
      getTenant(
        new Request('http://caseflow.test/api/v1/tenant', { headers: { authorization: `Bearer ${other}` } }),
        context(),
      ),
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 4000)), // before: waited for a pool slot until the uploads ended
    ]);
    expect(answer).not.toBe('hung');
    expect((answer as Response).status).toBe(200);

    const results = await Promise.all(uploads);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 408));
    expect(((await results[0].json()) as { error: { code: string } }).error.code).toBe('request_timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
  });
});

describe('body size limits', () => {
  const ruleUrl = 'http://caseflow.test/api/v1/rules';
  const bigJson = () => JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });

  it('a 2 MB JSON body is 413, refused on its declared length', async () => {
    const key = await tenantKey('big');
    const body = bigJson();
    const res = await createRule(
      post(ruleUrl, key, body, { 'content-type': 'application/json', 'content-length': String(body.length) }),
      context(),
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining('1 MB'),
    });
  });

  it('a 2 MB JSON body sent without a length is 413 once it passes the limit', async () => {
    const key = await tenantKey('chunked');
    const bytes = new TextEncoder().encode(bigJson());
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(sent, sent + 64 * 1024));
        sent += 64 * 1024;
      },
    });
    const res = await createRule(post(ruleUrl, key, stream, { 'content-type': 'application/json' }), context());
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(bytes.length);
  });

  it('an upload route has its own, larger limit: a 2 MB message is read, not refused', async () => {
    const key = await tenantKey('upload');
    const eml = `From: a@example.org\r\nSubject: big\r\n\r\n${'x'.repeat(2 * 1024 * 1024)}\r\n`;
    const res = await simulate(
      post('http://caseflow.test/api/v1/mailboxes/x/simulate', key, eml, { 'content-type': 'message/rfc822' }),
      context({ id: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(res.status).toBe(404); // read in full, then: no such mailbox
  });
});
