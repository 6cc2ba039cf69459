// A scripted IMAP4 server for behaviours no real server here can be made to show (IMAP4rev2 without UIDPLUS, a quota
// refusal, a connection reset in the middle of a FETCH). It speaks just enough RFC 3501 / RFC 9051 for imapflow:
// one user, one INBOX, UIDs, FETCH/UID FETCH, UID STORE, UID EXPUNGE, STATUS, LIST; every command is recorded.
//
//   const server = await startScriptedImap({ capabilities: ['IMAP4rev2', 'IDLE'], messages: [raw1, raw2] });
//   // connect to 127.0.0.1 : server.port as server.user / server.password
//   server.commands   // ['LOGIN', 'SELECT INBOX', 'UID FETCH 1,2 (…)', …] (LOGIN arguments left out)
//   await server.close();
//
// `intercept` sees every command first and may answer it itself (return true), e.g. to reset the socket.
import type net from 'node:net';
import { startLineServer } from './line-server';

export type ScriptedMessage = { uid: number; flags: Set<string>; raw: Buffer };

export type ScriptedCommand = { tag: string; name: string; args: string; socket: net.Socket };

export type ScriptedImapOptions = {
  capabilities?: string[];
  messages?: Buffer[];
  /** false: SELECT leaves out UIDNEXT (as Courier-IMAP does). */
  selectUidNext?: boolean;
  /** null: accept the connection and never send a greeting. */
  greeting?: string | null;
  intercept?: (cmd: ScriptedCommand, server: ScriptedImap) => boolean | void;
};

export type ScriptedImap = {
  port: number;
  user: string;
  password: string;
  commands: string[];
  messages: ScriptedMessage[];
  close(): Promise<void>;
};

const USER = 'scripted';
const PASSWORD = 'scripted-pass';

/** Expands an IMAP sequence set ("1:3,7,9:*") against the highest value present. */
function expandSet(set: string, max: number): Set<number> {
  const out = new Set<number>();
  for (const part of set.split(',')) {
    const [a, b] = part.split(':').map((v) => (v === '*' ? max : Number(v)));
    const [lo, hi] = b === undefined ? [a, a] : [Math.min(a, b), Math.max(a, b)];
    for (let n = lo; n <= hi && n <= Math.max(max, lo); n++) out.add(n);
  }
  return out;
}

export async function startScriptedImap(opts: ScriptedImapOptions = {}): Promise<ScriptedImap> {
  const capabilities = opts.capabilities ?? ['IMAP4rev1', 'UIDPLUS', 'IDLE'];
  const messages: ScriptedMessage[] = (opts.messages ?? []).map((raw, i) => ({ uid: i + 1, flags: new Set(), raw }));
  const uidNext = messages.length + 1;
  const commands: string[] = [];

  const server: ScriptedImap = {
    port: 0,
    user: USER,
    password: PASSWORD,
    commands,
    messages,
    close: () => tcp.close(),
  };

  const flagList = (m: ScriptedMessage) => `(${[...m.flags].join(' ')})`;

  const handle = (socket: net.Socket, line: string) => {
    const match = /^(\S+) (UID )?(\S+) ?(.*)$/i.exec(line);
    if (!match) return socket.write('* BAD unreadable command\r\n');
    const [, tag, uidPrefix, verb, args] = match;
    const name = `${uidPrefix ? 'UID ' : ''}${verb.toUpperCase()}`;
    commands.push(name === 'LOGIN' ? 'LOGIN' : `${name}${args ? ` ${args}` : ''}`);
    if (opts.intercept?.({ tag, name, args, socket }, server)) return;
    const ok = (text = `${name} completed`) => socket.write(`${tag} OK ${text}\r\n`);
    switch (name) {
      case 'CAPABILITY':
        socket.write(`* CAPABILITY ${capabilities.join(' ')}\r\n`);
        return ok();
      case 'LOGIN': {
        const [user, pass] = args.split(' ').map((v) => v.replace(/^"|"$/g, ''));
        if (user !== USER || pass !== PASSWORD)
          return socket.write(`${tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n`);
        return ok('LOGIN completed');
      }
      case 'ID':
        socket.write('* ID NIL\r\n');
        return ok();
      case 'ENABLE': {
        const wanted = args.split(' ').filter((c) => capabilities.includes(c));
        if (wanted.length) socket.write(`* ENABLED ${wanted.join(' ')}\r\n`);
        return ok();
      }
      case 'LIST':
        if (/INBOX/i.test(args) || args.endsWith('"*"') || args.endsWith('*'))
          socket.write('* LIST (\\HasNoChildren) "/" INBOX\r\n');
        return ok();
      case 'SELECT':
      case 'EXAMINE':
        socket.write(`* ${messages.length} EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Deleted \\Seen)\r\n`);
        socket.write('* OK [PERMANENTFLAGS (\\Deleted \\Seen)] Limited\r\n* OK [UIDVALIDITY 4242] Ok\r\n');
        if (opts.selectUidNext !== false) socket.write(`* OK [UIDNEXT ${uidNext}] Ok\r\n`);
        return ok(`[${name === 'SELECT' ? 'READ-WRITE' : 'READ-ONLY'}] ${name} completed`);
      case 'STATUS':
        socket.write(`* STATUS INBOX (MESSAGES ${messages.length} UIDNEXT ${uidNext} UIDVALIDITY 4242)\r\n`);
        return ok();
      case 'FETCH':
      case 'UID FETCH': {
        const [set, ...rest] = args.split(' ');
        const items = rest.join(' ').toUpperCase();
        const byUid = name === 'UID FETCH';
        const wanted = expandSet(set, byUid ? Math.max(0, ...messages.map((m) => m.uid)) : messages.length);
        messages.forEach((m, i) => {
          if (!wanted.has(byUid ? m.uid : i + 1)) return;
          const parts = [`UID ${m.uid}`, `FLAGS ${flagList(m)}`];
          if (items.includes('RFC822.SIZE')) parts.push(`RFC822.SIZE ${m.raw.length}`);
          if (items.includes('BODY.PEEK[]') || items.includes('BODY[]')) {
            socket.write(`* ${i + 1} FETCH (${parts.join(' ')} BODY[] {${m.raw.length}}\r\n`);
            socket.write(m.raw);
            socket.write(')\r\n');
          } else socket.write(`* ${i + 1} FETCH (${parts.join(' ')})\r\n`);
        });
        return ok();
      }
      case 'UID STORE': {
        const [set, op, ...flags] = args.split(' ');
        const wanted = expandSet(set, Math.max(0, ...messages.map((m) => m.uid)));
        const list = flags.join(' ').replace(/[()]/g, '').split(' ').filter(Boolean);
        messages.forEach((m, i) => {
          if (!wanted.has(m.uid)) return;
          for (const f of list) op.startsWith('-') ? m.flags.delete(f) : m.flags.add(f);
          if (!op.toUpperCase().includes('SILENT'))
            socket.write(`* ${i + 1} FETCH (UID ${m.uid} FLAGS ${flagList(m)})\r\n`);
        });
        return ok();
      }
      case 'EXPUNGE':
      case 'UID EXPUNGE': {
        const wanted = name === 'UID EXPUNGE' ? expandSet(args, Math.max(0, ...messages.map((m) => m.uid))) : undefined;
        for (let i = messages.length - 1; i >= 0; i--) {
          const m = messages[i];
          if (m.flags.has('\\Deleted') && (!wanted || wanted.has(m.uid))) {
            messages.splice(i, 1);
            socket.write(`* ${i + 1} EXPUNGE\r\n`);
          }
        }
        return ok();
      }
      case 'NOOP':
      case 'CHECK':
      case 'CLOSE':
      case 'UNSELECT':
        return ok();
      case 'LOGOUT':
        socket.write('* BYE logging out\r\n');
        ok();
        return socket.end();
      default:
        return socket.write(`${tag} BAD unknown command\r\n`);
    }
  };

  const tcp = await startLineServer({
    greeting:
      opts.greeting === null ? undefined : (opts.greeting ?? `* OK [CAPABILITY ${capabilities.join(' ')}] ready\r\n`),
    onLine: (line, socket) => handle(socket, line),
  });
  server.port = tcp.port;
  return server;
}
