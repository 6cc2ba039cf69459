// One measured ingest run in its own process (so its peak RSS is the run's alone).
//   ceiling <imap|imaps|pop3s> <port> <user> <password> : fetch every full source on one connection + mailparser, no DB, no delete
//   pipeline <mailboxId>                                  : Caseflow's own sync (store raw, parse, classify, thread, commit, delete)
// Prints one JSON line: { messages, seconds, peakRssMb }.
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';

let peak = 0;
// process.memoryUsage.rss() only reads the RSS (memoryUsage() also walks the heaps: 2.4 s of a 2,000-message profile).
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);

async function ceiling(protocol: string, port: number, user: string, password: string): Promise<number> {
  let count = 0;
  if (protocol === 'pop3s') {
    const { Pop3Client } = await import('@/lib/mail/pop3/client');
    const client = await Pop3Client.connect({
      host: '127.0.0.1',
      port,
      security: 'tls',
      tlsVerify: false,
      auth: { user, password },
    });
    const list = await client.uidl();
    const parses: Promise<unknown>[] = [];
    await client.retrMany(
      list.map((l) => l.n),
      (_n, raw) => {
        parses.push(simpleParser(raw).then(() => count++));
      },
    );
    await Promise.all(parses);
    await client.quit();
    return count;
  }
  const client = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: protocol === 'imaps',
    doSTARTTLS: false,
    tls: { rejectUnauthorized: false },
    auth: { user, pass: password },
    logger: false,
  });
  await client.connect();
  await client.mailboxOpen('INBOX', { readOnly: true });
  const parses: Promise<unknown>[] = [];
  for await (const msg of client.fetch('1:*', { uid: true, source: true })) {
    parses.push(simpleParser(msg.source!).then(() => count++));
  }
  await Promise.all(parses);
  await client.logout();
  return count;
}

async function pipeline(mailboxId: string): Promise<number> {
  const { syncMailbox } = await import('@/lib/mailboxes/sync-mailbox');
  const { closeDb } = await import('@/db/client');
  const s = await syncMailbox(mailboxId, { untilEmpty: true, trigger: 'bench' });
  if (s.error) throw new Error(`sync failed: ${s.error.code} ${s.error.message}`);
  await closeDb();
  return s.fetched;
}

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  // Modules load before the clock starts, in both modes (the ceiling's are imported statically above):
  // a running server has them loaded. The message pool's threads start inside the measured run.
  if (mode === 'pipeline') await Promise.all([import('@/lib/mailboxes/sync-mailbox'), import('@/db/client')]);
  const started = process.hrtime.bigint();
  const messages =
    mode === 'ceiling' ? await ceiling(args[0], Number(args[1]), args[2], args[3]) : await pipeline(args[0]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  process.stdout.write(`${JSON.stringify({ messages, seconds, peakRssMb: Math.round(peak / 1048576) })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
