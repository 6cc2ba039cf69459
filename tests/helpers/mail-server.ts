// What every throwaway mail server in the tests offers (Dovecot, Cyrus, Courier), so one test can run against each.
//
// Usage:
//
//   for (const server of [cyrus, courier, dovecot]) {
//     const { user, password } = await server.addUser();
//     await server.append(user, [buildMail({ … })]);
//     // connect to server.host : server.ports.imap | imaps | pop3 | pop3s, trust server.caPem
//   }
//
// The content helpers below work over the server's plain IMAP port as the user themself, the way another mail client
// would: no server-specific files are touched, so a test sees exactly what a real client would leave behind.
// `testMailServer` is the rest that Cyrus and Courier share: only how an account is created differs.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { ImapFlow } from 'imapflow';

export type MailServerPorts = { imap: number; imaps: number; pop3: number; pop3s: number };

export type TestMailServer = {
  /** 'dovecot' | 'cyrus' | 'courier' — for test names and the README's compatibility table. */
  kind: string;
  host: string;
  ports: MailServerPorts;
  caPem: string;
  addUser(name?: string, password?: string): Promise<{ user: string; password: string }>;
  append(user: string, messages: Buffer[], opts?: { flags?: string[]; folder?: string }): Promise<void>;
  count(user: string): Promise<number>;
  listUids(user: string): Promise<number[]>;
  /** Another client sets \Deleted on these UIDs and does not expunge. */
  flagDeleted(user: string, uids: number[]): Promise<void>;
  log(): string;
  stop(): Promise<void>;
};

/** Cyrus and Courier also let a test make and remove folders (over IMAP, as the user). */
export type TestMailServerWithFolders = TestMailServer & {
  createFolder(user: string, folder: string): Promise<void>;
  deleteFolder(user: string, folder: string): Promise<void>;
};

/** Logs in on a plain IMAP port (no STARTTLS) as `user`, runs `fn` with the client, and logs out. */
export async function withImapLogin<T>(
  at: { host: string; port: number; user: string; pass: string },
  fn: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: at.host,
    port: at.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: at.user, pass: at.pass },
    logger: false,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** IMAP-side helpers for a server whose plain IMAP port accepts LOGIN without STARTTLS. */
export function imapContentHelpers(host: string, port: () => number, passwords: Map<string, string>) {
  const withImap = async <T>(user: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const pass = passwords.get(user);
    if (pass === undefined) throw new Error(`unknown test user ${user}: create it with addUser()`);
    return withImapLogin({ host, port: port(), user, pass }, fn);
  };
  return {
    withImap,
    async append(user: string, messages: Buffer[], opts: { flags?: string[]; folder?: string } = {}) {
      await withImap(user, async (client) => {
        for (const message of messages) {
          const res = await client.append(opts.folder ?? 'INBOX', message, opts.flags ?? []);
          if (!res) throw new Error(`IMAP APPEND failed for ${user}`);
        }
      });
    },
    async count(user: string) {
      return withImap(user, async (client) => {
        const s = await client.status('INBOX', { messages: true });
        return (s && s.messages) || 0;
      });
    },
    async listUids(user: string) {
      return withImap(user, async (client) => {
        const box = await client.mailboxOpen('INBOX', { readOnly: true });
        if (box.exists === 0) return [];
        const uids: number[] = [];
        for await (const msg of client.fetch('1:*', { uid: true })) uids.push(msg.uid);
        return uids.sort((a, b) => a - b);
      });
    },
    async flagDeleted(user: string, uids: number[]) {
      if (!uids.length) return;
      await withImap(user, async (client) => {
        await client.mailboxOpen('INBOX');
        const ok = await client.messageFlagsAdd(uids.join(','), ['\\Deleted'], { uid: true });
        if (!ok) throw new Error(`could not flag ${uids.join(',')} \\Deleted for ${user}`);
      });
    },
    async createFolder(user: string, folder: string) {
      await withImap(user, (client) => client.mailboxCreate(folder));
    },
    async deleteFolder(user: string, folder: string) {
      await withImap(user, (client) => client.mailboxDelete(folder));
    },
  };
}

/**
 * The TestMailServer for a server started by startServerProcess: `createAccount` writes the server's own account
 * record; everything else (user names, passwords, content over plain IMAP, stop and clean-up) is the same.
 */
export function testMailServer(opts: {
  kind: string;
  ports: MailServerPorts;
  caPem: string;
  dir: string;
  server: { stop(): Promise<void> };
  log: () => string;
  createAccount(user: string, password: string): Promise<void>;
}): TestMailServerWithFolders {
  const passwords = new Map<string, string>();
  let userCounter = 0;
  const content = imapContentHelpers('127.0.0.1', () => opts.ports.imap, passwords);
  return {
    kind: opts.kind,
    host: '127.0.0.1',
    ports: opts.ports,
    caPem: opts.caPem,
    async addUser(name, password) {
      const user = name ?? `u${++userCounter}-${randomBytes(3).toString('hex')}`;
      if (!/^[a-z0-9-]+$/.test(user)) throw new Error(`test user names must be simple: ${user}`);
      const pass = password ?? `pw-${randomBytes(6).toString('hex')}`;
      await opts.createAccount(user, pass);
      passwords.set(user, pass);
      return { user, password: pass };
    },
    append: (user, messages, appendOpts) => content.append(user, messages, appendOpts),
    count: content.count,
    listUids: content.listUids,
    flagDeleted: content.flagDeleted,
    createFolder: content.createFolder,
    deleteFolder: content.deleteFolder,
    log: opts.log,
    async stop() {
      await opts.server.stop();
      if (!process.env.KEEP_TEST_SERVERS) fs.rmSync(opts.dir, { recursive: true, force: true });
    },
  };
}
