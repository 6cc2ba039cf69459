// A local SMTP server (the smtp-server package) that keeps every message it accepts: envelope, raw
// bytes, parsed headers. Plain, STARTTLS or implicit TLS (self-signed certificate for localhost /
// 127.0.0.1), with optional AUTH PLAIN/LOGIN, and a switch to refuse messages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAuthentication } from 'smtp-server';
import { makeCertificate } from './server-process';

export type SinkMessage = {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
  /** Lower-case header name → first raw value (unfolded, not decoded), e.g. headers.get('auto-submitted'). */
  headers: Map<string, string>;
  /** The authenticated user, when the client logged in. */
  user?: string;
};

export type SmtpSinkOptions = {
  /** Implicit TLS from the first byte (SMTPS, port 465 style). */
  secure?: boolean;
  /** Offer STARTTLS on a plain connection (default true unless `secure`). */
  starttls?: boolean;
  /** Require AUTH with these credentials. */
  auth?: { user: string; pass: string };
};

export type SmtpSink = {
  host: string;
  port: number;
  /** The self-signed certificate the sink presents (for a client's `ca`). */
  cert: string;
  messages: SinkMessage[];
  /** Resolves once `count` messages arrived (default 1); rejects after timeoutMs. */
  waitFor: (count?: number, timeoutMs?: number) => Promise<SinkMessage[]>;
  /** Answer DATA with this reply ("550 5.7.1 no") until called again with undefined. */
  refuseWith: (reply: { code: number; message: string } | undefined) => void;
  stop: () => Promise<void>;
};

let certificate: Promise<{ key: string; cert: string }> | undefined;

function selfSigned(): Promise<{ key: string; cert: string }> {
  certificate ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-sink-'));
    await makeCertificate(path.join(dir, 'key.pem'), path.join(dir, 'cert.pem'));
    const pair = {
      key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
    fs.rmSync(dir, { recursive: true, force: true });
    return pair;
  })();
  return certificate;
}

function firstHeaders(raw: Buffer): Map<string, string> {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const { key, cert } = await selfSigned();
  const messages: SinkMessage[] = [];
  const waiters: (() => void)[] = [];
  let refusal: { code: number; message: string } | undefined;

  const server = new SMTPServer({
    secure: Boolean(opts.secure),
    key,
    cert,
    hideSTARTTLS: opts.secure ? true : opts.starttls === false,
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    disabledCommands: opts.auth ? [] : ['AUTH'],
    logger: false,
    banner: 'caseflow test sink',
    onAuth(auth: SMTPServerAuthentication, _session, callback) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass)
        return callback(null, { user: auth.username });
      const err = Object.assign(new Error('Invalid username or password'), { responseCode: 535 });
      return callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusal) {
          return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            messages.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw,
              parsed,
              headers: firstHeaders(raw),
              user: typeof session.user === 'string' ? session.user : undefined,
            });
            waiters.splice(0).forEach((wake) => wake());
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  server.on('error', () => {
    // client disconnects and TLS failures are part of some tests
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('the SMTP sink did not get a port'));
    });
    server.server.once('error', reject);
  });

  return {
    host: '127.0.0.1',
    port,
    cert,
    messages,
    waitFor: async (count = 1, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`the SMTP sink got ${messages.length} of ${count} messages within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return messages.slice(0, count);
    },
    refuseWith: (reply) => {
      refusal = reply;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
