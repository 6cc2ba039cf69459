// A throwaway Cyrus IMAP 3.6 (IMAP, IMAPS, POP3, POP3S; STARTTLS/STLS on the plain ports) for tests, run from the
// private root tests/install-system-deps.sh unpacks (Cyrus's imapd/pop3d packages conflict with Dovecot's).
//
// Usage — one instance per test file:
//
//   let cyrus: TestCyrus;
//   beforeAll(async () => { cyrus = await startCyrus(); });
//   afterAll(async () => { await cyrus?.stop(); });
//
// Besides the four usual listeners it runs servers that behave differently, for edge tests:
//   edgePorts.imapTlsOnly / pop3TlsOnly — `allowplaintext: no`: IMAP advertises LOGINDISABLED before STARTTLS, POP3
//   refuses USER/PASS before STLS; edgePorts.imapNoUidplus — `suppress_capabilities: UIDPLUS`.
// INBOX is created on a user's first login (autocreate_quota: 0).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type MailServerPorts, type TestMailServerWithFolders, testMailServer } from './mail-server';
import { makeCertificate, run, startServerProcess, withFreshPorts } from './server-process';

export const mailServersRoot = process.env.CASEFLOW_MAIL_SERVERS_ROOT || '/opt/caseflow-mail-servers';
const MASTER = '/usr/lib/cyrus/bin/master';

export type CyrusEdgePorts = { imapTlsOnly: number; pop3TlsOnly: number; imapNoUidplus: number };

export type TestCyrus = TestMailServerWithFolders & { edgePorts: CyrusEdgePorts };

function imapdConf(dir: string, extra: string[]): string {
  return [
    `configdirectory: ${dir}/config`,
    'defaultpartition: default',
    `partition-default: ${dir}/partition`,
    `proc_path: ${dir}/proc`,
    `mboxname_lockpath: ${dir}/lock`,
    `lmtpsocket: ${dir}/socket/lmtp`,
    `idlesocket: ${dir}/socket/idle`,
    `notifysocket: ${dir}/socket/notify`,
    'servername: localhost',
    'sasl_pwcheck_method: auxprop',
    'sasl_auxprop_plugin: sasldb',
    `sasl_sasldb_path: ${dir}/sasldb2`,
    'sasl_mech_list: PLAIN LOGIN',
    `tls_server_cert: ${dir}/ssl/cert.pem`,
    `tls_server_key: ${dir}/ssl/key.pem`,
    'autocreate_quota: 0',
    'popminpoll: 0',
    'failedloginpause: 0',
    'imapidlepoll: 2',
    'allowplaintext: yes',
    'altnamespace: yes',
    'unixhierarchysep: yes',
    'hashimapspool: false',
    ...extra,
    '',
  ]
    .filter((line, i, all) => !(line === 'allowplaintext: yes' && all.includes('allowplaintext: no')))
    .join('\n');
}

export async function startCyrus(): Promise<TestCyrus> {
  const imapd = path.join(mailServersRoot, 'usr/lib/cyrus/bin/imapd');
  const pop3d = path.join(mailServersRoot, 'usr/lib/cyrus/bin/pop3d');
  for (const bin of [MASTER, imapd, pop3d])
    if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run tests/install-system-deps.sh as root`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-cyrus-'));
  fs.chmodSync(dir, 0o755);
  for (const sub of ['config', 'partition', 'proc', 'lock', 'socket', 'ssl']) fs.mkdirSync(path.join(dir, sub));
  await makeCertificate(path.join(dir, 'ssl/key.pem'), path.join(dir, 'ssl/cert.pem'));
  const caPem = fs.readFileSync(path.join(dir, 'ssl/cert.pem'), 'utf8');
  const conf = (name: string, extra: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, imapdConf(dir, extra));
    return file;
  };
  const main = conf('imapd.conf', []);
  const tlsOnly = conf('imapd-tls-only.conf', ['allowplaintext: no']);
  const noUidplus = conf('imapd-no-uidplus.conf', ['suppress_capabilities: UIDPLUS']);
  // An empty sasldb, created by saslpasswd2 on the first user; the admin account is never used to log in.
  await run('/bin/sh', ['-c', `echo x | saslpasswd2 -p -c -f ${dir}/sasldb2 -u localhost cf-unused`]);

  let ports!: MailServerPorts;
  let edgePorts!: CyrusEdgePorts;
  const readLog = () => '';
  const server = await withFreshPorts(
    7,
    async ([imap, imaps, pop3, pop3s, imapTlsOnly, pop3TlsOnly, imapNoUidplus]) => {
      ports = { imap, imaps, pop3, pop3s };
      edgePorts = { imapTlsOnly, pop3TlsOnly, imapNoUidplus };
      const service = (name: string, bin: string, args: string, config: string, port: number) =>
        `  ${name} cmd="${bin} ${args}-C ${config}" listen="127.0.0.1:${port}" prefork=0`;
      fs.writeFileSync(
        path.join(dir, 'cyrus.conf'),
        [
          'START {',
          `  recover cmd="/usr/lib/cyrus/bin/ctl_cyrusdb -C ${main} -r"`,
          '}',
          'SERVICES {',
          service('imap', imapd, '', main, imap),
          service('imaps', imapd, '-s ', main, imaps),
          service('pop3', pop3d, '', main, pop3),
          service('pop3s', pop3d, '-s ', main, pop3s),
          service('imaptlsonly', imapd, '', tlsOnly, imapTlsOnly),
          service('pop3tlsonly', pop3d, '', tlsOnly, pop3TlsOnly),
          service('imapnouidplus', imapd, '', noUidplus, imapNoUidplus),
          '}',
          'EVENTS {',
          '}',
          '',
        ].join('\n'),
      );
      await run('chown', ['-R', 'cyrus:mail', dir]);
      return startServerProcess({
        name: 'cyrus',
        cmd: MASTER,
        args: ['-C', main, '-M', path.join(dir, 'cyrus.conf'), '-p', path.join(dir, 'master.pid'), '-D'],
        ports: [imap, imaps, pop3, pop3s, imapTlsOnly, pop3TlsOnly, imapNoUidplus],
        dir,
        log: readLog,
      });
    },
  );

  // Cyrus keeps accounts in its sasldb; the password goes in on standard input, never on a command line.
  const createAccount = async (user: string, pass: string) => {
    await run('/bin/sh', [
      '-c',
      `printf '%s' "$1" | saslpasswd2 -p -c -f "$2" -u localhost "$3"`,
      'sh',
      pass,
      `${dir}/sasldb2`,
      user,
    ]);
  };
  return {
    edgePorts,
    ...testMailServer({ kind: 'cyrus', ports, caPem, dir, server, log: readLog, createAccount }),
  };
}
