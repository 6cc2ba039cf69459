// A local webhook consumer for tests: records every request and verifies it with the
// `standardwebhooks` library against each secret it knows (the way a real consumer would).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export type ReceivedWebhook = {
  path: string;
  id: string;
  timestamp: number;
  signature: string;
  body: string;
  headers: http.IncomingHttpHeaders;
  /** Secrets (by index into the list at the time) whose signature verified with standardwebhooks. */
  verifiedWith: string[];
  payload: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  receivedAt: number;
};

export type Reply = { status: number; headers?: Record<string, string>; body?: string };
export type Responder = (req: ReceivedWebhook, n: number) => Reply | Promise<Reply>;

export type WebhookReceiver = {
  url: (path?: string) => string;
  port: number;
  received: ReceivedWebhook[];
  secrets: string[];
  respond: (fn: Responder) => void;
  waitFor: (count: number, timeoutMs?: number) => Promise<ReceivedWebhook[]>;
  stop: () => Promise<void>;
};

export async function startWebhookReceiver(opts: { secrets?: string[]; host?: string } = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const secrets = [...(opts.secrets ?? [])];
  let responder: Responder = () => ({ status: 200, body: 'ok' });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => String(req.headers[name] ?? '');
      const verifiedWith = secrets.filter((secret) => {
        try {
          new Webhook(secret).verify(body, {
            'webhook-id': header('webhook-id'),
            'webhook-timestamp': header('webhook-timestamp'),
            'webhook-signature': header('webhook-signature'),
          });
          return true;
        } catch {
          return false;
        }
      });
      let payload: ReceivedWebhook['payload'] = null;
      try {
        payload = JSON.parse(body);
      } catch {
        // recorded as is
      }
      const entry: ReceivedWebhook = {
        path: req.url ?? '/',
        id: header('webhook-id'),
        timestamp: Number(header('webhook-timestamp')),
        signature: header('webhook-signature'),
        body,
        headers: req.headers,
        verifiedWith,
        payload,
        receivedAt: Date.now(),
      };
      received.push(entry);
      try {
        const reply = await responder(entry, received.length);
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? '');
      } catch {
        res.destroy();
      }
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path = '/hook') => `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`,
    received,
    secrets,
    respond: (fn) => {
      responder = fn;
    },
    waitFor: async (count, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhook requests, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
