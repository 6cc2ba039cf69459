// A throwaway Courier-IMAP 5.0 + Courier POP3 (IMAP, IMAPS, POP3, POP3S; STARTTLS/STLS on the plain ports) for tests,
// run from the private root tests/install-system-deps.sh unpacks (Courier's imap/pop packages conflict with Dovecot's).
//
// Usage — one instance per test file:
//
//   let courier: TestCourier;
//   beforeAll(async () => { courier = await startCourier(); });
//   afterAll(async () => { await courier?.stop(); });
//
// Courier's authdaemon reads /etc/courier and listens under /run/courier (both compiled in), so each instance runs in
// its own mount namespace (`unshare -m`) with private directories bound over those two paths: the machine's files are
// never touched and several instances can run side by side. Users live in a userdb file (makeuserdb).
// edgePorts.imapTlsRequired / pop3TlsRequired refuse to log in before STARTTLS/STLS (IMAP_TLS_REQUIRED,
// POP3_TLS_REQUIRED).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mailServersRoot } from './cyrus';
import { type MailServerPorts, type TestMailServerWithFolders, testMailServer } from './mail-server';
import { makeCertificate, run, startServerProcess, withFreshPorts } from './server-process';

const MAIL_UID = 8; // Debian's `mail` user owns the test maildirs
const COURIER_TCPD = '/usr/sbin/couriertcpd';

export type CourierEdgePorts = { imapTlsRequired: number; pop3TlsRequired: number };

export type TestCourier = TestMailServerWithFolders & { edgePorts: CourierEdgePorts };

// One listener: couriertcpd runs the login program (and, for implicit TLS, couriertls in front of it) per connection.
function listener(port: number, kind: 'imap' | 'pop3', opts: { tls?: boolean; env?: string[] }): string {
  const root = mailServersRoot;
  const login =
    kind === 'imap'
      ? `${root}/usr/lib/courier/courier/imaplogin ${root}/usr/bin/imapd Maildir`
      : `${root}/usr/lib/courier/courier/courierpop3login ${root}/usr/lib/courier/courier/courierpop3d Maildir`;
  const config = kind === 'imap' ? 'imapd' : 'pop3d';
  const tls = opts.tls ? '/usr/bin/couriertls -server -tcpd -user=courier ' : '';
  return [
    `( set -a; . ${root}/etc/courier/${config}; . ${root}/etc/courier/${config}-ssl;`,
    `TLS_CERTFILE="$D/server.pem"; TLS_DHPARAMS=/etc/courier/dhparams.pem; unset TLS_CACHEFILE;`,
    kind === 'imap' ? 'IMAP_STARTTLS=YES;' : '',
    ...(opts.env ?? []).map((e) => `${e};`),
    `exec ${COURIER_TCPD} -address=127.0.0.1 -nodnslookup -noidentlookup -maxprocs=100 -maxperip=100 ${port} ${tls}${login} ) &`,
    'pids="$pids $!"',
  ].join(' ');
}

export async function startCourier(): Promise<TestCourier> {
  for (const bin of [
    COURIER_TCPD,
    '/usr/lib/courier/courier-authlib/authdaemond',
    `${mailServersRoot}/usr/bin/imapd`,
    `${mailServersRoot}/usr/lib/courier/courier/courierpop3d`,
  ])
    if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run tests/install-system-deps.sh as root`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-courier-'));
  fs.chmodSync(dir, 0o755);
  const etc = path.join(dir, 'etc');
  fs.cpSync('/etc/courier', etc, { recursive: true });
  fs.writeFileSync(
    path.join(etc, 'authdaemonrc'),
    'authmodulelist="authuserdb"\ndaemons=2\nauthdaemonvar=/run/courier/authdaemon\nDEBUG_LOGIN=0\nDEFAULTOPTIONS=""\nLOGGEROPTS=""\n',
  );
  fs.writeFileSync(path.join(etc, 'userdb'), '', { mode: 0o600 });
  await run('makeuserdb', ['-f', path.join(etc, 'userdb')]);
  fs.mkdirSync(path.join(dir, 'run/authdaemon'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'mail'), { mode: 0o755 });
  await makeCertificate(path.join(dir, 'key.pem'), path.join(dir, 'cert.pem'));
  const caPem = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  // couriertls runs as user courier: the key must be readable by that group.
  fs.writeFileSync(path.join(dir, 'server.pem'), fs.readFileSync(path.join(dir, 'key.pem')) + caPem, { mode: 0o640 });
  await run('chgrp', ['courier', path.join(dir, 'server.pem')]);
  const logFile = path.join(dir, 'courier.log');
  const readLog = () => {
    try {
      return fs.readFileSync(logFile, 'utf8').slice(-4000);
    } catch {
      return '';
    }
  };

  let ports!: MailServerPorts;
  let edgePorts!: CourierEdgePorts;
  const pidFile = path.join(dir, 'pids');
  const server = await withFreshPorts(6, async ([imap, imaps, pop3, pop3s, imapTlsRequired, pop3TlsRequired]) => {
    ports = { imap, imaps, pop3, pop3s };
    edgePorts = { imapTlsRequired, pop3TlsRequired };
    const script = [
      'set -e',
      `D=${dir}`,
      'mount --bind "$D/etc" /etc/courier',
      'mount --bind "$D/run" /run/courier',
      'chown courier:courier /run/courier/authdaemon',
      'pids=',
      '( set -a; . /etc/courier/authdaemonrc; exec /usr/lib/courier/courier-authlib/authdaemond ) &',
      'pids="$pids $!"',
      listener(imap, 'imap', {}),
      listener(imaps, 'imap', { tls: true, env: ['IMAP_TLS=1'] }),
      listener(pop3, 'pop3', {}),
      listener(pop3s, 'pop3', { tls: true, env: ['POP3_TLS=1', 'POP3_STARTTLS=NO'] }),
      listener(imapTlsRequired, 'imap', { env: ['IMAP_TLS_REQUIRED=1'] }),
      listener(pop3TlsRequired, 'pop3', { env: ['POP3_TLS_REQUIRED=1'] }),
      // couriertcpd starts a session of its own: the pids let stop() and the watchdog find every daemon.
      `echo $pids > ${pidFile}`,
      "trap 'kill $pids 2>/dev/null; exit 0' TERM INT",
      'wait',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'start.sh'), script);
    return startServerProcess({
      name: 'courier',
      cmd: '/bin/sh',
      args: ['-c', `exec unshare -m /bin/sh ${dir}/start.sh >>${logFile} 2>&1`],
      ports: [imap, imaps, pop3, pop3s, imapTlsRequired, pop3TlsRequired],
      dir,
      pidFile,
      log: readLog,
    });
  });

  // A Courier account: a Maildir owned by `mail` and a userdb line, compiled by makeuserdb.
  const createAccount = async (user: string, pass: string) => {
    const home = path.join(dir, 'mail', user);
    for (const d of [home, `${home}/Maildir`, ...['cur', 'new', 'tmp'].map((s) => `${home}/Maildir/${s}`)]) {
      fs.mkdirSync(d, { mode: 0o700 });
      fs.chownSync(d, MAIL_UID, MAIL_UID);
    }
    // authlib accepts {SHA} (base64 SHA-1) besides crypt(3) hashes: no salt needed for a test password.
    const hash = `{SHA}${createHash('sha1').update(pass).digest('base64')}`;
    fs.appendFileSync(
      path.join(etc, 'userdb'),
      `${user}\tuid=${MAIL_UID}|gid=${MAIL_UID}|home=${home}|mail=${home}/Maildir|systempw=${hash}\n`,
    );
    await run('makeuserdb', ['-f', path.join(etc, 'userdb')]);
  };
  return {
    edgePorts,
    ...testMailServer({ kind: 'courier', ports, caPem, dir, server, log: readLog, createAccount }),
  };
}
