// Caseflow's POP3 client (RFC 1939, CAPA, STLS, UIDL, SASL PLAIN/XOAUTH2/OAUTHBEARER, pipelining): exact bytes as Buffers.
import net from 'node:net';
import tls from 'node:tls';
import { Pop3Error, socketError } from './pop3-error';
import { Pop3ReplyError, ResponseReader, type Pop3Status } from './response-reader';
import { saslOauthbearer, saslPlain, saslXoauth2 } from './sasl';

export { Pop3Error, isPop3Error, type Pop3ErrorCode } from './pop3-error';

export type Pop3Security = 'tls' | 'starttls' | 'none';

export type Pop3Options = {
  /** Name used for the TLS servername and the certificate check. */
  host: string;
  /** IP to connect to (the outbound guard resolved it); default host. */
  address?: string;
  port: number;
  /** 'tls' = POP3S; 'starttls' = STLS required (fails with code 'tls' if not offered); 'none' = plain. */
  security: Pop3Security;
  tlsVerify: boolean;
  /** Extra trusted CA, on top of the system ones (tests). */
  ca?: string | Buffer;
  auth: { user: string; password: string } | { user: string; accessToken: string };
  /** Longest wait for any reply (or for the next bytes of a long one), default 30000. */
  timeoutMs?: number;
};

type Socket = net.Socket | tls.TLSSocket;

export type Pop3AuthMethod = 'PLAIN' | 'XOAUTH2' | 'OAUTHBEARER' | 'USER';

// Pipelined commands in flight at once: RETR replies are big (the reader pauses the socket past its high-water mark).
const RETR_WINDOW = 8;
const DELE_WINDOW = 64;

export class Pop3Client {
  private socket!: Socket;
  private readonly reader = new ResponseReader();
  private caps: string[] = [];
  private method?: Pop3AuthMethod;
  /** The greeting carried an APOP timestamp (RFC 1939 section 7). */
  private offersApop = false;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly timeoutMs: number;
  private readonly address: string;

  private constructor(private readonly opts: Pop3Options) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.address = opts.address ?? opts.host;
  }

  /** Connects, reads the greeting, asks CAPA, upgrades with STLS when asked to, and authenticates. */
  static async connect(opts: Pop3Options): Promise<Pop3Client> {
    if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535)
      throw new Pop3Error('refused', `${opts.port} is not a valid port.`);
    const client = new Pop3Client(opts);
    try {
      await client.open();
      return client;
    } catch (err) {
      client.destroy();
      throw socketError(err, opts);
    }
  }

  /** Upper-case CAPA lines as offered once signed in, e.g. ['TOP', 'UIDL', 'PIPELINING']; empty when CAPA is not supported. */
  get capabilities(): string[] {
    return [...this.caps];
  }

  /** How the session signed in (SASL mechanism, or USER/PASS). */
  get authMethod(): Pop3AuthMethod | undefined {
    return this.method;
  }

  /** True once the session runs over TLS (POP3S or after STLS). */
  get secure(): boolean {
    return this.socket instanceof tls.TLSSocket && this.socket.encrypted;
  }

  stat(): Promise<{ count: number; size: number }> {
    return this.exclusive(async () => {
      const text = await this.simple('STAT', 'the mailbox status request (STAT)');
      const m = /^(\d+)\s+(\d+)/.exec(text);
      if (!m) throw new Pop3Error('protocol', 'The server sent an unreadable STAT reply.');
      return { count: Number(m[1]), size: Number(m[2]) };
    });
  }

  list(): Promise<{ n: number; size: number }[]> {
    return this.exclusive(async () => {
      await this.simple('LIST', 'the message list request (LIST)');
      return parseListing(await this.reader.readMultiline(this.timeoutMs), 'LIST').map(([n, size]) => {
        if (!/^\d+$/.test(size)) throw new Pop3Error('protocol', 'The server sent an unreadable LIST reply.');
        return { n, size: Number(size) };
      });
    });
  }

  /** Unique ids of the messages; throws Pop3Error('protocol') when the server has no UIDL. */
  uidl(): Promise<{ n: number; uid: string }[]> {
    return this.exclusive(async () => {
      this.send('UIDL');
      const status = await this.reader.readStatus(this.timeoutMs);
      if (status.kind !== 'ok') {
        throw new Pop3Error(
          'protocol',
          'The server does not support UIDL (unique message ids), which Caseflow needs to never import a message twice.',
        );
      }
      return parseListing(await this.reader.readMultiline(this.timeoutMs), 'UIDL').map(([n, uid]) => {
        if (!/^[\x21-\x7e]{1,70}$/.test(uid))
          throw new Pop3Error('protocol', 'The server sent an invalid unique id in its UIDL reply.');
        return { n, uid };
      });
    });
  }

  /** The message's exact bytes (dot-unstuffed). */
  retr(n: number): Promise<Buffer> {
    return this.exclusive(async () => {
      checkMessageNumber(n);
      await this.simple(`RETR ${n}`, `message ${n} (RETR)`);
      return this.reader.readMultiline(this.timeoutMs);
    });
  }

  /**
   * Fetches several messages, pipelined when the server offers PIPELINING; `onMessage` runs in order, one at a
   * time. If a RETR fails or `onMessage` throws, the replies already requested are read and dropped (the session
   * stays usable) and the first error is thrown.
   */
  retrMany(ns: number[], onMessage: (n: number, raw: Buffer) => Promise<void> | void): Promise<void> {
    return this.pipelineEach(
      ns,
      { command: (n) => `RETR ${n}`, window: RETR_WINDOW, multiline: true },
      async (n, status, body) => {
        if (status.kind !== 'ok') throw new Pop3Error('protocol', `The server could not return message ${n}.`);
        await onMessage(n, body!);
      },
    );
  }

  /** The header sections of several messages (TOP n 0), pipelined like retrMany. */
  topMany(ns: number[], onHeader: (n: number, header: Buffer) => void): Promise<void> {
    return this.pipelineEach(
      ns,
      { command: (n) => `TOP ${n} 0`, window: DELE_WINDOW, multiline: true },
      async (n, status, body) => {
        if (status.kind !== 'ok')
          throw new Pop3Error('protocol', `The server could not return the header of message ${n}.`);
        onHeader(n, body!);
      },
    );
  }

  /** Marks a message deleted; it is removed only when quit() succeeds. */
  dele(n: number): Promise<void> {
    return this.exclusive(async () => {
      checkMessageNumber(n);
      await this.simple(`DELE ${n}`, `the deletion of message ${n} (DELE)`);
    });
  }

  deleMany(ns: number[]): Promise<void> {
    return this.pipelineEach(
      ns,
      { command: (n) => `DELE ${n}`, window: DELE_WINDOW, multiline: false },
      async (n, status) => {
        if (status.kind !== 'ok')
          throw new Pop3Error('protocol', `The server refused the deletion of message ${n} (DELE).`);
      },
    );
  }

  /** Ends the session; only now does the server remove the messages marked with DELE. */
  quit(): Promise<void> {
    return this.exclusive(async () => {
      this.send('QUIT');
      const status = await this.reader.readStatus(this.timeoutMs);
      this.closed = true;
      this.socket.end();
      if (status.kind !== 'ok')
        throw new Pop3Error('protocol', 'The server could not remove every deleted message when the session ended.');
    });
  }

  /** Drops the connection without QUIT: nothing marked with DELE is removed. */
  destroy(): void {
    this.closed = true;
    this.socket?.destroy();
    this.reader.fail(new Pop3Error('closed', 'The connection was closed.'));
  }

  // ---- session set-up -------------------------------------------------------------------------------------------

  private async open() {
    const { opts } = this;
    if (opts.security === 'tls') {
      this.attach(await this.connectTls());
    } else {
      this.attach(await this.connectPlain());
    }
    const greeting = await this.reader.readStatus(this.timeoutMs);
    if (greeting.kind !== 'ok') throw new Pop3Error('protocol', 'The server refused the POP3 session.');
    this.offersApop = /<[^<>\s]+@[^<>\s]+>/.test(greeting.text);
    await this.capa();
    if (opts.security === 'starttls') {
      if (!this.caps.includes('STLS'))
        throw new Pop3Error('tls', 'The server does not offer STARTTLS (STLS) on this port, and STARTTLS is required.');
      await this.simple('STLS', 'the switch to TLS (STLS)', 'tls');
      await this.upgrade();
      await this.capa(); // RFC 2595: capabilities may differ after STLS, and the clear-text ones must not be trusted
    }
    await this.authenticate();
    await this.capa(); // RFC 2449: PIPELINING and friends may be offered only once signed in
  }

  private connectPlain(): Promise<net.Socket> {
    const socket = net.connect({ host: this.address, port: this.opts.port });
    return this.settle(socket, 'connect');
  }

  private tlsOptions(): tls.ConnectionOptions {
    const { host, ca, tlsVerify } = this.opts;
    return {
      servername: net.isIP(host) ? undefined : host,
      rejectUnauthorized: tlsVerify,
      ca: ca ? [...tls.rootCertificates, ca.toString()] : undefined,
      minVersion: 'TLSv1.2',
      // The certificate must match the name the owner typed, not the address the guard resolved.
      checkServerIdentity: (_name, cert) => tls.checkServerIdentity(host, cert),
    };
  }

  private connectTls(): Promise<tls.TLSSocket> {
    const socket = tls.connect({ ...this.tlsOptions(), host: this.address, port: this.opts.port });
    return this.settle(socket, 'secureConnect');
  }

  private async upgrade() {
    const plain = this.socket;
    plain.removeAllListeners('data');
    this.reader.discard();
    const secure = tls.connect({ ...this.tlsOptions(), socket: plain });
    try {
      this.attach(await this.settle(secure, 'secureConnect'));
    } catch (err) {
      plain.destroy();
      throw err;
    }
  }

  /** Resolves on `event`, rejects on error, close or timeout. */
  private settle<S extends Socket>(socket: S, event: 'connect' | 'secureConnect'): Promise<S> {
    this.socket = socket;
    // A late error from a socket we already gave up on must not become an uncaught exception.
    socket.on('error', () => undefined);
    return new Promise<S>((resolve, reject) => {
      const done = (err?: unknown) => {
        clearTimeout(timer);
        socket.off(event, onReady);
        socket.off('error', done);
        socket.off('close', onClose);
        if (err) {
          socket.destroy();
          reject(err);
        } else resolve(socket);
      };
      const onReady = () => done();
      const onClose = () =>
        done(new Pop3Error('closed', 'The server closed the connection before the session started.'));
      const timer = setTimeout(
        () =>
          done(
            new Pop3Error(
              'timeout',
              `${this.opts.host} port ${this.opts.port} did not answer within ${Math.round(this.timeoutMs / 1000)} s.`,
            ),
          ),
        this.timeoutMs,
      );
      socket.once(event, onReady);
      socket.once('error', done);
      socket.once('close', onClose);
    });
  }

  private attach(socket: Socket) {
    this.socket = socket;
    this.reader.setFlow(socket);
    socket.on('data', (chunk: Buffer) => this.reader.push(chunk));
    socket.on('error', (err) => this.reader.fail(socketError(err, this.opts)));
    socket.on('close', () => {
      this.closed = true;
      this.reader.fail(new Pop3Error('closed', 'The server closed the connection.'));
    });
  }

  private async capa() {
    this.send('CAPA');
    const status = await this.reader.readStatus(this.timeoutMs);
    if (status.kind !== 'ok') {
      this.caps = [];
      return;
    }
    const body = await this.reader.readMultiline(this.timeoutMs);
    this.caps = body
      .toString('latin1')
      .split(/\r?\n/)
      .map((line) => line.trim().toUpperCase())
      .filter(Boolean);
  }

  private saslMechanisms(): string[] {
    const line = this.caps.find((c) => c.startsWith('SASL'));
    return line ? line.split(/\s+/).slice(1) : [];
  }

  private async authenticate() {
    const { auth } = this.opts;
    if (/[\r\n\0]/.test(auth.user)) throw new Pop3Error('auth', 'The username contains line breaks or NUL characters.');
    const mechanisms = this.saslMechanisms();
    if ('accessToken' in auth) {
      if (mechanisms.includes('XOAUTH2') || !mechanisms.includes('OAUTHBEARER')) {
        return this.sasl('XOAUTH2', saslXoauth2(auth.user, auth.accessToken), 'token');
      }
      return this.sasl(
        'OAUTHBEARER',
        saslOauthbearer(auth.user, auth.accessToken, this.opts.host, this.opts.port),
        'token',
      );
    }
    if (/[\r\n]/.test(auth.password)) throw new Pop3Error('auth', 'The password contains line breaks.');
    if (mechanisms.includes('PLAIN')) return this.sasl('PLAIN', saslPlain(auth.user, auth.password), 'password');
    const secure = this.socket instanceof tls.TLSSocket;
    // RFC 2595 section 4: a server that takes passwords only over TLS leaves USER out of CAPA before STLS.
    if (this.caps.length > 0 && !this.caps.includes('USER')) {
      if (!secure) throw tlsRequired();
      if (this.offersApop) throw apopOnly();
    }
    this.method = 'USER';
    this.send(`USER ${auth.user}`);
    const user = await this.reader.readStatus(this.timeoutMs);
    if (user.kind !== 'ok') throw this.passwordRejected(user);
    this.send(`PASS ${auth.password}`);
    const pass = await this.reader.readStatus(this.timeoutMs);
    if (pass.kind !== 'ok') throw this.passwordRejected(pass);
  }

  /**
   * USER/PASS refused. Servers say "TLS required" or "USER/PASS not allowed" (APOP only) in words, not codes; the
   * words pick our message (never shown themselves), so an owner is not sent to check a password that is right.
   */
  private passwordRejected(status: Pop3Status): Pop3Error {
    const secure = this.socket instanceof tls.TLSSocket;
    if (!secure && /\b(TLS|SSL|STLS|STARTTLS|encrypt\w*|secure)\b/i.test(status.text)) return tlsRequired();
    if (this.offersApop && /APOP|USER\/PASS|not (allowed|permitted|supported|enabled)|disabled/i.test(status.text))
      return apopOnly();
    return authError(status, 'password');
  }

  /** AUTH <mech>, then the response after the server's "+" (the form Gmail and Outlook document for POP3). */
  private async sasl(mechanism: Exclude<Pop3AuthMethod, 'USER'>, response: string, kind: 'password' | 'token') {
    this.method = mechanism;
    this.send(`AUTH ${mechanism}`);
    let status = await this.reader.readStatus(this.timeoutMs);
    if (status.kind === 'err') throw authError(status, kind, mechanism);
    if (status.kind === 'continue') {
      this.send(response);
      status = await this.reader.readStatus(this.timeoutMs);
      if (status.kind === 'continue') {
        // XOAUTH2/OAUTHBEARER failure: the server sends an error challenge and waits for an empty response.
        this.send('');
        status = await this.reader.readStatus(this.timeoutMs);
        if (status.kind === 'ok') return;
        throw authError({ kind: 'err', text: status.text }, kind);
      }
    }
    if (status.kind !== 'ok') throw authError(status, kind);
  }

  // ---- commands ---------------------------------------------------------------------------------------------------

  /** Runs one command at a time; a broken session (timeout, closed, unreadable reply) refuses further commands. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      if (this.closed) throw new Pop3Error('closed', 'The POP3 session is closed.');
      try {
        return await fn();
      } catch (err) {
        // After a timeout, a dropped connection or an unreadable reply we no longer know where the next reply starts.
        if (
          err instanceof Pop3ReplyError ||
          (err instanceof Pop3Error && ['timeout', 'closed', 'tls', 'refused', 'dns'].includes(err.code))
        )
          this.destroy();
        throw err;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private send(line: string) {
    if (/[\r\n]/.test(line)) throw new Pop3Error('protocol', 'A POP3 command cannot contain line breaks.');
    this.socket.write(line + '\r\n');
  }

  /** Sends a command and expects +OK; returns the text after it. */
  private async simple(line: string, what: string, failCode: 'protocol' | 'tls' = 'protocol'): Promise<string> {
    this.send(line);
    const status = await this.reader.readStatus(this.timeoutMs);
    if (status.kind !== 'ok') throw new Pop3Error(failCode, `The server refused ${what}.`);
    return status.text;
  }

  /** One command per message number (each checked first), pipelined; `handle` gets each reply with its number. */
  private pipelineEach(
    ns: number[],
    { command, window, multiline }: { command: (n: number) => string; window: number; multiline: boolean },
    handle: (n: number, status: Pop3Status, body?: Buffer) => Promise<void>,
  ): Promise<void> {
    return this.exclusive(async () => {
      ns.forEach(checkMessageNumber);
      await this.pipeline(ns.map(command), window, multiline, (i, status, body) => handle(ns[i], status, body));
    });
  }

  /**
   * Sends `commands` keeping up to `window` in flight (1 without PIPELINING) and hands each reply to `handle` in
   * order. After the first failure no new commands are sent, the outstanding replies are drained, then it throws.
   */
  private async pipeline(
    commands: string[],
    window: number,
    multiline: boolean,
    handle: (i: number, status: Pop3Status, body?: Buffer) => Promise<void>,
  ) {
    const width = this.caps.includes('PIPELINING') ? window : 1;
    let sent = 0;
    let received = 0;
    let failure: unknown;
    const pump = () => {
      const batch: string[] = [];
      while (failure === undefined && sent < commands.length && sent - received < width) {
        batch.push(commands[sent++]);
      }
      if (batch.length) this.socket.write(batch.map((c) => c + '\r\n').join(''));
    };
    pump();
    while (received < sent) {
      const status = await this.reader.readStatus(this.timeoutMs);
      const body = status.kind === 'ok' && multiline ? await this.reader.readMultiline(this.timeoutMs) : undefined;
      const i = received++;
      pump();
      if (failure !== undefined) continue;
      try {
        await handle(i, status, body);
      } catch (err) {
        failure = err;
      }
    }
    if (failure !== undefined) throw failure;
  }
}

function checkMessageNumber(n: number) {
  if (!Number.isSafeInteger(n) || n < 1) throw new Pop3Error('protocol', `${n} is not a POP3 message number.`);
}

function parseListing(body: Buffer, command: string): [number, string][] {
  return body
    .toString('latin1')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [n, value] = line.trim().split(/\s+/);
      if (!/^\d+$/.test(n ?? '') || value === undefined)
        throw new Pop3Error('protocol', `The server sent an unreadable ${command} reply.`);
      return [Number(n), value];
    });
}

function tlsRequired(): Pop3Error {
  return new Pop3Error('tls-required', 'The server accepts passwords only over TLS. Use POP3S or STARTTLS.');
}

function apopOnly(): Pop3Error {
  return new Pop3Error(
    'apop-only',
    'The server accepts only APOP sign-in, which Caseflow does not use. Use IMAP, or ask for USER/PASS or SASL PLAIN over TLS.',
  );
}

/** RFC 3206 response codes tell a busy mailbox or a server fault apart from bad credentials. */
function authError(status: Pop3Status, kind: 'password' | 'token', mechanism?: string): Pop3Error {
  const code = /^\[([A-Z/-]+)\]/.exec(status.text)?.[1];
  if (code === 'IN-USE')
    return new Pop3Error('protocol', 'The mailbox is in use by another POP3 session. Try again later.');
  if (code === 'SYS/TEMP')
    return new Pop3Error('protocol', 'The server had a temporary problem signing in. Try again later.');
  if (code === 'SYS/PERM') return new Pop3Error('protocol', 'The server could not open the mailbox.');
  if (mechanism && code !== 'AUTH' && kind === 'token')
    return new Pop3Error('auth', `The server does not accept OAuth 2.0 sign-in (${mechanism}) for POP3.`);
  return kind === 'token'
    ? new Pop3Error('auth', 'The server rejected the access token (expired, revoked, or missing the POP3 permission).')
    : new Pop3Error('auth', 'The server rejected the username or password.');
}
