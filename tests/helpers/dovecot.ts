// A throwaway Dovecot (IMAP, IMAPS, POP3, POP3S; STARTTLS/STLS on the plain ports) for tests.
//
// Usage — one instance per test file:
//
//   let dovecot: TestDovecot;
//   beforeAll(async () => { dovecot = await startDovecot(); });
//   afterAll(async () => { await dovecot?.stop(); });
//
//   const { user, password } = await dovecot.addUser();
//   await dovecot.append(user, [buildMail({ from, to, subject })]);   // tests/helpers/mail-builder.ts
//   // connect to dovecot.host : dovecot.ports.imap | imaps | pop3 | pop3s, trust dovecot.caPem
//   expect(await dovecot.count(user)).toBe(0);
//
// For XOAUTH2/OAUTHBEARER pass `startDovecot({ oauth2: { introspectionUrl } })`: Dovecot POSTs `token=…` to that
// URL and expects `{"active":true,"username":"<user>"}` (or `{"active":false}`). The user must exist (addUser).
// Failed logins do not slow later ones (auth_failure_delay = 0, anvil penalty socket removed; clearAuthPenalty()
// removes it again if Dovecot ever recreates it). Several test files may each run their own instance in parallel.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { freePorts, waitForPort } from './free-port';
import { makeCertificate } from './server-process';

const run = promisify(execFile);
const MAIL_UID = 1500;
const DOVECOT = '/usr/sbin/dovecot';
const DOVEADM = '/usr/bin/doveadm';

export type DovecotPorts = { imap: number; imaps: number; pop3: number; pop3s: number };

export type AppendOptions = {
  /** 'imap' = APPEND over IMAP (exact, ~600 msgs/s); 'maildir' = files written straight into Maildir/new (fast). Default: imap up to 50 messages, maildir above. */
  via?: 'imap' | 'maildir';
  /** IMAP flags for every appended message (IMAP path only). */
  flags?: string[];
};

export type MailboxStatus = { messages: number; uidValidity: bigint; uidNext: number };

export type TestDovecot = {
  host: string;
  ports: DovecotPorts;
  /** The self-signed certificate (CN=localhost, SAN localhost + 127.0.0.1) every TLS listener presents. */
  caPem: string;
  /** The temp dir holding config, logs and mail (removed by stop()). */
  dir: string;
  addUser(name?: string, password?: string): Promise<{ user: string; password: string }>;
  append(user: string, messages: Buffer[], opts?: AppendOptions): Promise<void>;
  listUids(user: string): Promise<number[]>;
  count(user: string): Promise<number>;
  status(user: string): Promise<MailboxStatus>;
  /** Every message's exact source as Dovecot serves it over IMAP, in UID order. */
  fetchAll(user: string): Promise<{ uid: number; source: Buffer }[]>;
  /** Another client sets \Deleted on these UIDs and does not expunge. */
  flagDeleted(user: string, uids: number[]): Promise<void>;
  /** Deletes INBOX and creates it again (new UIDVALIDITY, UIDs from 1); by default the same messages are put back in the same order. */
  recreateInbox(user: string, opts?: { keepMessages?: boolean }): Promise<void>;
  /** Drops every open IMAP/POP3 session of `user` (doveadm kick), as a server restart or a network cut would. */
  kick(user: string): Promise<void>;
  clearAuthPenalty(): void;
  /** The last bytes of Dovecot's log, for failing tests. */
  log(): string;
  stop(): Promise<void>;
};

export type StartDovecotOptions = { oauth2?: { introspectionUrl: string } };

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crashed or aborted test worker must not leave Dovecot masters (and their children) behind.
  process.once('exit', () => {
    for (const child of running) {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

function writeConfig(dir: string, ports: DovecotPorts, instance: string, oauth2: boolean): string {
  const lines = [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/log/dovecot.log`,
    `instance_name = ${instance}`,
    'protocols = imap pop3',
    'listen = 127.0.0.1',
    'default_internal_user = dovecot',
    'default_login_user = dovenull',
    'ssl = yes',
    `ssl_cert = <${dir}/ssl/cert.pem`,
    `ssl_key = <${dir}/ssl/key.pem`,
    'disable_plaintext_auth = no',
    `auth_mechanisms = plain login${oauth2 ? ' oauthbearer xoauth2' : ''}`,
    'auth_failure_delay = 0',
    'auth_cache_size = 0',
    'mail_max_userip_connections = 200',
    'passdb {',
    '  driver = passwd-file',
    '  mechanisms = plain login',
    `  args = scheme=PLAIN username_format=%u ${dir}/users/%u`,
    '}',
    ...(oauth2
      ? ['passdb {', '  driver = oauth2', '  mechanisms = oauthbearer xoauth2', `  args = ${dir}/oauth2.conf.ext`, '}']
      : []),
    'userdb {',
    '  driver = passwd-file',
    `  args = username_format=%u ${dir}/users/%u`,
    `  default_fields = uid=${MAIL_UID} gid=${MAIL_UID} home=${dir}/mail/%u`,
    '}',
    'mail_location = maildir:~/Maildir',
    'first_valid_uid = 1000',
    'service imap-login {',
    '  inet_listener imap {',
    '    address = 127.0.0.1',
    `    port = ${ports.imap}`,
    '  }',
    '  inet_listener imaps {',
    '    address = 127.0.0.1',
    `    port = ${ports.imaps}`,
    '    ssl = yes',
    '  }',
    '}',
    'service pop3-login {',
    '  inet_listener pop3 {',
    '    address = 127.0.0.1',
    `    port = ${ports.pop3}`,
    '  }',
    '  inet_listener pop3s {',
    '    address = 127.0.0.1',
    `    port = ${ports.pop3s}`,
    '    ssl = yes',
    '  }',
    '}',
    '',
  ];
  const file = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

function writeOauth2Config(dir: string, introspectionUrl: string) {
  const lines = [
    'introspection_mode = post',
    `introspection_url = ${introspectionUrl}`,
    'username_attribute = username',
    'active_attribute = active',
    'active_value = true',
    'force_introspection = yes',
    'timeout_msecs = 5000',
    '',
  ];
  fs.writeFileSync(path.join(dir, 'oauth2.conf.ext'), lines.join('\n'));
}

async function makeDovecotCertificate(dir: string): Promise<string> {
  await makeCertificate(path.join(dir, 'ssl/key.pem'), path.join(dir, 'ssl/cert.pem'));
  return fs.readFileSync(path.join(dir, 'ssl/cert.pem'), 'utf8');
}

function readLog(dir: string, bytes = 4000): string {
  try {
    const text = fs.readFileSync(path.join(dir, 'log/dovecot.log'), 'utf8');
    return text.slice(-bytes);
  } catch {
    return '';
  }
}

async function launch(dir: string, configFile: string, ports: DovecotPorts): Promise<ChildProcess> {
  // detached: the master and every child it forks share one process group we can kill as a whole.
  const child = spawn(DOVECOT, ['-F', '-c', configFile], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  running.add(child);
  child.once('exit', () => running.delete(child));
  const alive = () => child.exitCode === null && child.signalCode === null;
  try {
    for (const port of Object.values(ports)) await waitForPort(port, '127.0.0.1', 20_000, alive);
  } catch (err) {
    await killGroup(child);
    throw new Error(`Dovecot did not start: ${(err as Error).message}\n${output}\n${readLog(dir)}`);
  }
  return child;
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (!child.pid) return;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 500).unref());
  await Promise.race([exited, timer]);
  // Children normally leave with the master; a throwaway instance need not wait for slow ones: the rest of the group goes now.
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // group already empty
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
}

/**
 * A test worker killed with SIGKILL runs no exit hook: a detached shell waits for this process to disappear and then
 * kills the Dovecot process group and removes its directory.
 */
function startWatchdog(master: ChildProcess, dir: string): ChildProcess {
  const script = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -KILL -"$2" 2>/dev/null; rm -rf "$3"';
  const watchdog = spawn('/bin/sh', ['-c', script, 'dovecot-watchdog', String(process.pid), String(master.pid), dir], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return watchdog;
}

export async function startDovecot(opts: StartDovecotOptions = {}): Promise<TestDovecot> {
  if (!fs.existsSync(DOVECOT)) throw new Error(`${DOVECOT} is missing: run tests/install-system-deps.sh as root`);
  installExitHook();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-dovecot-'));
  // Login processes (dovenull) and mail processes (uid 1500) must be able to reach into the dir.
  fs.chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'log', 'mail', 'ssl']) fs.mkdirSync(path.join(dir, sub), { mode: 0o755 });
  fs.chownSync(path.join(dir, 'mail'), MAIL_UID, MAIL_UID);
  // One passwd-file per user: Dovecot re-reads a changed passwd-file at most once a second, so a user appended to a
  // shared file right after another login would be unknown for up to a second; a new file is read on first use.
  const usersDir = path.join(dir, 'users');
  fs.mkdirSync(usersDir, { mode: 0o755 });
  const caPem = await makeDovecotCertificate(dir);
  if (opts.oauth2) writeOauth2Config(dir, opts.oauth2.introspectionUrl);

  const instance = `cf-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  let child: ChildProcess | undefined;
  let ports: DovecotPorts | undefined;
  let lastError: unknown;
  // Another process can grab a port between our probe and Dovecot's bind: retry with fresh ports.
  for (let attempt = 0; attempt < 4 && !child; attempt++) {
    const [imap, imaps, pop3, pop3s] = await freePorts(4);
    ports = { imap, imaps, pop3, pop3s };
    const configFile = writeConfig(dir, ports, instance, Boolean(opts.oauth2));
    try {
      child = await launch(dir, configFile, ports);
    } catch (err) {
      lastError = err;
    }
  }
  if (!child || !ports) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw lastError;
  }
  const master = child;
  const livePorts = ports;
  const watchdog = startWatchdog(master, dir);
  const configFile = path.join(dir, 'dovecot.conf');

  const clearAuthPenalty = () => {
    // Without the socket auth cannot ask anvil for a penalty, so failed logins never delay later ones.
    fs.rmSync(path.join(dir, 'run', 'anvil-auth-penalty'), { force: true });
  };
  clearAuthPenalty();

  const passwords = new Map<string, string>();
  let userCounter = 0;
  let fileCounter = 0;

  const withImap = async <T>(user: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const pass = passwords.get(user);
    if (pass === undefined) throw new Error(`unknown test user ${user}: create it with addUser()`);
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: livePorts.imap,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass },
      logger: false,
    });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  const maildir = (user: string) => path.join(dir, 'mail', user, 'Maildir');

  const ensureMaildir = (user: string) => {
    const home = path.join(dir, 'mail', user);
    for (const d of [home, maildir(user), ...['cur', 'new', 'tmp'].map((s) => path.join(maildir(user), s))]) {
      if (!fs.existsSync(d)) {
        fs.mkdirSync(d, { mode: 0o700 });
        fs.chownSync(d, MAIL_UID, MAIL_UID);
      }
    }
  };

  const writeMaildirFiles = async (user: string, messages: Buffer[]) => {
    ensureMaildir(user);
    const seconds = Math.floor(Date.now() / 1000);
    for (const message of messages) {
      // Dovecot numbers new files in file-name order: a fixed second and a growing zero-padded counter keep ours in order.
      const name = `${seconds}.M${String(++fileCounter).padStart(6, '0')}P${process.pid}.caseflow-test,S=${message.length}`;
      const tmp = path.join(maildir(user), 'tmp', name);
      await fs.promises.writeFile(tmp, message);
      await fs.promises.chown(tmp, MAIL_UID, MAIL_UID);
      await fs.promises.rename(tmp, path.join(maildir(user), 'new', name));
    }
  };

  const status = (user: string) =>
    withImap(user, async (client) => {
      const box = await client.mailboxOpen('INBOX', { readOnly: true });
      return { messages: box.exists, uidValidity: box.uidValidity, uidNext: box.uidNext };
    });

  const fetchAll = (user: string) =>
    withImap(user, async (client) => {
      const box = await client.mailboxOpen('INBOX', { readOnly: true });
      const out: { uid: number; source: Buffer }[] = [];
      if (box.exists === 0) return out;
      for await (const msg of client.fetch('1:*', { uid: true, source: true }, { uid: false })) {
        if (msg.source) out.push({ uid: msg.uid, source: msg.source });
      }
      return out.sort((a, b) => a.uid - b.uid);
    });

  const harness: TestDovecot = {
    host: '127.0.0.1',
    ports: livePorts,
    caPem,
    dir,

    async addUser(name, password) {
      const user = name ?? `u${++userCounter}-${randomBytes(3).toString('hex')}`;
      if (!/^[A-Za-z0-9._@+-]+$/.test(user)) throw new Error(`test user names must be simple: ${user}`);
      if (passwords.has(user)) throw new Error(`test user ${user} exists already`);
      const pass = password ?? `pw-${randomBytes(6).toString('hex')}`;
      if (/[:\n]/.test(pass)) throw new Error('test passwords cannot hold ":" or newlines (passwd-file)');
      fs.writeFileSync(path.join(usersDir, user), `${user}:{PLAIN}${pass}::::::\n`, { mode: 0o644 });
      passwords.set(user, pass);
      return { user, password: pass };
    },

    async append(user, messages, appendOpts = {}) {
      const via = appendOpts.via ?? (messages.length > 50 ? 'maildir' : 'imap');
      if (via === 'maildir') return writeMaildirFiles(user, messages);
      await withImap(user, async (client) => {
        for (const message of messages) {
          const res = await client.append('INBOX', message, appendOpts.flags ?? []);
          if (!res) throw new Error(`IMAP APPEND failed for ${user}`);
        }
      });
    },

    async listUids(user) {
      return withImap(user, async (client) => {
        await client.mailboxOpen('INBOX', { readOnly: true });
        const uids = await client.search({ all: true }, { uid: true });
        return (uids || []).sort((a, b) => a - b);
      });
    },

    async count(user) {
      return (await status(user)).messages;
    },

    status,
    fetchAll,

    async flagDeleted(user, uids) {
      if (uids.length === 0) return;
      await withImap(user, async (client) => {
        await client.mailboxOpen('INBOX');
        const ok = await client.messageFlagsAdd(uids.join(','), ['\\Deleted'], { uid: true });
        if (!ok) throw new Error(`could not flag ${uids.join(',')} \\Deleted for ${user}`);
      });
    },

    async recreateInbox(user, recreateOpts = {}) {
      const keep = recreateOpts.keepMessages ?? true;
      const before = await status(user);
      const sources = keep ? (await fetchAll(user)).map((m) => m.source) : [];
      // INBOX cannot be deleted over IMAP; removing the Maildir (with its indexes and uidlist) is what a delete does.
      fs.rmSync(maildir(user), { recursive: true, force: true });
      ensureMaildir(user);
      if (sources.length) await writeMaildirFiles(user, sources);
      let after = await status(user);
      if (after.uidValidity === before.uidValidity) {
        // Dovecot derives UIDVALIDITY from the clock: within the same second it can repeat, so force a new one.
        await run(DOVEADM, [
          '-c',
          configFile,
          'mailbox',
          'update',
          '-u',
          user,
          '--uid-validity',
          String(before.uidValidity + 1n),
          'INBOX',
        ]);
        after = await status(user);
        if (after.uidValidity === before.uidValidity) throw new Error('UIDVALIDITY did not change');
      }
    },

    async kick(user) {
      await run(DOVEADM, ['-c', configFile, 'kick', user]).catch(
        (err: { stdout?: string; stderr?: string; code?: number }) => {
          throw new Error(`doveadm kick ${user} failed (${err.code}): ${err.stderr || err.stdout}`);
        },
      );
    },

    clearAuthPenalty,

    log: () => readLog(dir),

    async stop() {
      try {
        if (watchdog.pid) process.kill(watchdog.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await killGroup(master);
      if (!process.env.KEEP_TEST_DOVECOT) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
