// rspamd from Debian's package (tests/install-system-deps.sh), started for a test file on a loopback port
// with network checks off: every DNS query goes to the given server (the suite's NXDOMAIN one), modules
// that call out (RBLs, fuzzy, DCC, ASN, phishing feeds) and the ones needing Redis are disabled, and
// hyperscan is off so start-up compiles nothing. GTUBE still scores as spam ("reject").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { startServerProcess } from './server-process';

export const RSPAMD_BIN = '/usr/bin/rspamd';
export const rspamdInstalled = () => fs.existsSync(RSPAMD_BIN);

/** The GTUBE test string: rspamd's (and SpamAssassin's) "this is spam" probe. */
export const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

const OFF = [
  'rbl',
  'fuzzy_check',
  'dcc',
  'asn',
  'emails',
  'phishing',
  'url_redirector',
  'neural',
  'ratelimit',
  'greylist',
  'replies',
  'history_redis',
  'mx_check',
  'spf',
  'dkim',
  'dmarc',
  'arc',
];

export async function startRspamd(dnsServer: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-rspamd-'));
  fs.mkdirSync(path.join(dir, 'local.d'));
  for (const m of OFF) fs.writeFileSync(path.join(dir, 'local.d', `${m}.conf`), 'enabled = false;\n');
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'rspamd.conf'),
    `.include "$CONFDIR/common.conf"
options {
  pidfile = "$RUNDIR/rspamd.pid";
  .include "$CONFDIR/options.inc"
  disable_hyperscan = true;
  dns { nameserver = ["${dnsServer}"]; timeout = 0.5s; retransmits = 1; }
}
logging { type = "file"; filename = "$RUNDIR/rspamd.log"; level = "error"; }
worker "normal" {
  bind_socket = "127.0.0.1:${port}";
  .include "$CONFDIR/worker-normal.inc"
  count = 1;
}
`,
  );
  const vars = ['CONFDIR=/etc/rspamd', `LOCAL_CONFDIR=${dir}`, `RUNDIR=${dir}`, `DBDIR=${dir}`, `LOGDIR=${dir}`];
  const server = await startServerProcess({
    name: 'rspamd',
    cmd: RSPAMD_BIN,
    // -i: the suite may run as root; rspamd refuses that without it.
    args: ['-f', '-i', '-c', path.join(dir, 'rspamd.conf'), ...vars.flatMap((v) => ['--var', v])],
    ports: [],
    dir,
    log: () => readLog(dir),
  });
  const url = `http://127.0.0.1:${port}`;
  // Start-up loads its Lua rules before it answers (seconds; a minute on a loaded machine).
  const deadline = Date.now() + 150_000;
  for (;;) {
    const up = await fetch(`${url}/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`rspamd did not answer /ping:\n${readLog(dir)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(dir: string): string {
  try {
    return fs.readFileSync(path.join(dir, 'rspamd.log'), 'utf8').slice(-4000);
  } catch {
    return '';
  }
}
