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
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { imapContentHelpers, type MailServerPorts, type TestMailServer } from './mail-server';
import { makeCertificate, run, startServerProcess, withFreshPorts } from './server-process';

const MAIL_UID = 1500;
const DOVECOT = '/usr/sbin/dovecot';
const DOVEADM = '/usr/bin/doveadm';

export type DovecotPorts = MailServerPorts;

export type AppendOptions = {
  /** 'imap' = APPEND over IMAP (exact, ~600 msgs/s); 'maildir' = files written straight into Maildir/new (fast). Default: imap up to 50 messages, maildir above. */
  via?: 'imap' | 'maildir';
  /** IMAP flags for every appended message (IMAP path only). */
  flags?: string[];
};

export type MailboxStatus = { messages: number; uidValidity: bigint; uidNext: number };

/** host, ports, caPem (CN=localhost, SAN localhost + 127.0.0.1), users, count, listUids, flagDeleted, log, stop. */
export type TestDovecot = Omit<TestMailServer, 'kind' | 'append'> & {
  /** The temp dir holding config, logs and mail (removed by stop()). */
  dir: string;
  append(user: string, messages: Buffer[], opts?: AppendOptions): Promise<void>;
  status(user: string): Promise<MailboxStatus>;
  /** Every message's exact source as Dovecot serves it over IMAP, in UID order. */
  fetchAll(user: string): Promise<{ uid: number; source: Buffer }[]>;
  /** Deletes INBOX and creates it again (new UIDVALIDITY, UIDs from 1); by default the same messages are put back in the same order. */
  recreateInbox(user: string, opts?: { keepMessages?: boolean }): Promise<void>;
  /** Drops every open IMAP/POP3 session of `user` (doveadm kick), as a server restart or a network cut would. */
  kick(user: string): Promise<void>;
  clearAuthPenalty(): void;
};

export type StartDovecotOptions = { oauth2?: { introspectionUrl: string } };

/** A protocol's login service: a plain listener (STARTTLS/STLS offered) and an implicit-TLS one, on 127.0.0.1. */
function loginService(protocol: 'imap' | 'pop3', plainPort: number, tlsPort: number): string[] {
  return [
    `service ${protocol}-login {`,
    `  inet_listener ${protocol} {`,
    '    address = 127.0.0.1',
    `    port = ${plainPort}`,
    '  }',
    `  inet_listener ${protocol}s {`,
    '    address = 127.0.0.1',
    `    port = ${tlsPort}`,
    '    ssl = yes',
    '  }',
    '}',
  ];
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
    ...loginService('imap', ports.imap, ports.imaps),
    ...loginService('pop3', ports.pop3, ports.pop3s),
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

export async function startDovecot(opts: StartDovecotOptions = {}): Promise<TestDovecot> {
  if (!fs.existsSync(DOVECOT)) throw new Error(`${DOVECOT} is missing: run tests/install-system-deps.sh as root`);
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
  const configFile = path.join(dir, 'dovecot.conf');
  let ports!: DovecotPorts;
  let server: { stop(): Promise<void> };
  try {
    server = await withFreshPorts(4, async ([imap, imaps, pop3, pop3s]) => {
      ports = { imap, imaps, pop3, pop3s };
      writeConfig(dir, ports, instance, Boolean(opts.oauth2));
      return startServerProcess({
        name: 'Dovecot',
        cmd: DOVECOT,
        args: ['-F', '-c', configFile],
        ports: Object.values(ports),
        dir,
        log: () => readLog(dir),
      });
    });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const clearAuthPenalty = () => {
    // Without the socket auth cannot ask anvil for a penalty, so failed logins never delay later ones.
    fs.rmSync(path.join(dir, 'run', 'anvil-auth-penalty'), { force: true });
  };
  clearAuthPenalty();

  const passwords = new Map<string, string>();
  let userCounter = 0;
  let fileCounter = 0;

  const { withImap, flagDeleted } = imapContentHelpers('127.0.0.1', () => ports.imap, passwords);

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
    ports,
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

    flagDeleted,

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
      await server.stop();
      if (!process.env.KEEP_TEST_DOVECOT) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
