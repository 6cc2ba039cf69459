// `npm run bench [-- --only ingest|latency|web|webhooks|inbound|noisy] [-- --n 10000] [-- --runs 3]`
// Starts what it needs (Dovecot, a fresh PostgreSQL database, the app in production mode, a local
// webhook receiver), measures, writes bench/results/<date>-<sha>.json and prints a Markdown summary.
// Benchmarks report; they never fail on timing.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    n: { type: 'string' },
    runs: { type: 'string' },
    out: { type: 'string' },
    protocols: { type: 'string' },
  },
  allowPositionals: true,
});
const sections = new Set(
  values.only?.flatMap((v) => v.split(',')) ?? ['ingest', 'latency', 'web', 'webhooks', 'inbound', 'noisy'],
);
const n = Number(values.n ?? 10_000);
const runs = Math.max(1, Number(values.runs ?? 3));
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

async function main() {
  const root = path.resolve(__dirname, '..');
  const { createTestDatabase } = await import('../tests/helpers/postgres');
  const db = await createTestDatabase('caseflow_bench');
  process.env.DATABASE_URL = db.url;
  process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-bench-'));
  process.env.ENCRYPTION_KEYS ??= 'bench1:' + Buffer.alloc(32, 9).toString('base64');
  process.env.AUTH_SECRET ??= 'bench-auth-secret-bench-auth-secret-0123456789';
  process.env.ALLOW_PRIVATE_HOSTS ??= '127.0.0.0/8,::1,localhost';
  process.env.LOG_LEVEL ??= 'warn';
  const { buildIsStale } = await import('@/lib/server/build-is-stale');
  if ((sections.has('latency') || sections.has('web') || sections.has('noisy')) && buildIsStale(root)) {
    log('building the app (missing or older than its sources)…');
    execSync('npx next build', {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  const { migrateDatabase } = await import('@/db/migrate');
  await migrateDatabase(db.url);
  const { startDovecot } = await import('../tests/helpers/dovecot');
  const dovecot = await startDovecot();

  const sha = (() => {
    try {
      return execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
    } catch {
      return 'nogit';
    }
  })();
  const result: Record<string, unknown> = {
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    startedAt: new Date().toISOString(),
    git: sha,
    parameters: { n, runs },
  };
  const summary: string[] = [
    `# Caseflow benchmark (${sha}, ${new Date().toISOString().slice(0, 16)}Z)`,
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    '',
  ];
  try {
    if (sections.has('ingest')) {
      const { benchIngest } = await import('./ingest');
      const ingest = await benchIngest(dovecot, {
        n,
        runs,
        protocols: (values.protocols?.split(',') ?? ['imap', 'imaps', 'pop3s']) as ('imap' | 'imaps' | 'pop3s')[],
        log,
      });
      result.ingest = ingest;
      summary.push(
        `## Ingest (N = ${n}, median of ${runs})`,
        '',
        '| protocol | ceiling msgs/s | pipeline msgs/s | ratio | peak RSS MB |',
        '| --- | --- | --- | --- | --- |',
      );
      for (const [p, f] of Object.entries(ingest)) {
        summary.push(
          `| ${p} | ${f.ceilingMsgsPerSec.median} (${f.ceilingMsgsPerSec.min}–${f.ceilingMsgsPerSec.max}) | ${f.pipelineMsgsPerSec.median} (${f.pipelineMsgsPerSec.min}–${f.pipelineMsgsPerSec.max}) | ${f.ratio} | ${f.peakRssMb.median} |`,
        );
      }
      summary.push('');
    }
    for (const name of ['latency', 'web', 'webhooks', 'inbound', 'noisy'] as const) {
      if (!sections.has(name)) continue;
      const file = path.join(__dirname, `${name}.ts`);
      if (!fs.existsSync(file)) {
        result[name] = { measured: false, reason: `bench/${name}.ts is not written yet` };
        summary.push(`## ${name}`, '', `Not measured: bench/${name}.ts is not written yet.`, '');
        continue;
      }
      const mod = (await import(file)) as {
        run: (ctx: {
          dovecot: typeof dovecot;
          databaseUrl: string;
          n: number;
          runs: number;
          log: typeof log;
        }) => Promise<{ json: unknown; markdown: string[] }>;
      };
      const section = await mod.run({ dovecot, databaseUrl: db.url, n, runs, log });
      result[name] = section.json;
      summary.push(...section.markdown, '');
    }
  } finally {
    await dovecot.stop();
    const { closeDb } = await import('@/db/client');
    await closeDb();
    await db.drop();
  }
  result.finishedAt = new Date().toISOString();
  const outDir = path.join(root, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  // A partial run (`--only`) names its sections, so running them one by one never overwrites an earlier file.
  const part = values.only ? `-${[...sections].join('-')}` : '';
  const file = values.out ?? path.join(outDir, `${new Date().toISOString().slice(0, 10)}-${sha}${part}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  summary.push(`Figures written to ${path.relative(root, file)}`);
  process.stdout.write(summary.join('\n') + '\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
