// A local stand-in for Inngest's event API (POST /e/<event key>), so functions under @inngest/test
// really send their events (step.sendEvent → the SDK's HTTP client) and tests can read what arrived.
// Like Inngest, it answers every event id it accepted; unlike Inngest it keeps duplicates, so tests
// can see how often an id was sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resetEnvForTests } from '@/lib/env';

export type ReceivedEvent = { id?: string; name: string; data: Record<string, unknown>; ts?: number };

export type TestEventApi = {
  url: string;
  events: ReceivedEvent[];
  /** Raw request bodies, for "no secret in what left the process" checks. */
  bodies: string[];
  /** Make the next `n` requests fail with a 500. */
  failNext(n: number): void;
  close(): Promise<void>;
};

const KEYS = ['INNGEST_BASE_URL', 'INNGEST_EVENT_KEY', 'INNGEST_DEV'] as const;

/** Starts the stand-in and points the app's Inngest client at it (restored by close()). */
export async function startTestEventApi(): Promise<TestEventApi> {
  const events: ReceivedEvent[] = [];
  const bodies: string[] = [];
  let failures = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST' || !req.url?.startsWith('/e/')) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 404, error: 'not found' }));
        return;
      }
      if (failures > 0) {
        failures--;
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 500, error: 'test failure' }));
        return;
      }
      bodies.push(body);
      const parsed = JSON.parse(body) as ReceivedEvent | ReceivedEvent[];
      const list = Array.isArray(parsed) ? parsed : [parsed];
      events.push(...list);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ids: list.map((e, i) => e.id ?? `generated-${events.length}-${i}`), status: 200 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  process.env.INNGEST_BASE_URL = url;
  process.env.INNGEST_EVENT_KEY = 'test-event-key';
  delete process.env.INNGEST_DEV;
  resetEnvForTests();
  return {
    url,
    events,
    bodies,
    failNext: (n) => {
      failures = n;
    },
    close: async () => {
      for (const k of KEYS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      resetEnvForTests();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
