// Ingest: the physical ceiling (fetch + parse on one connection) against Caseflow's pipeline, same run.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { TestDovecot } from '../tests/helpers/dovecot';
import { generateMailbox } from './generate-mailbox';
import { summarize, type Figure } from './stats';

type ChildResult = { messages: number; seconds: number; peakRssMb: number };

const root = path.resolve(__dirname, '..');

function runChild(args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROF_DIR=/tmp/prof: each measured child writes a V8 CPU profile there (main thread and workers).
    const profile = process.env.BENCH_CPU_PROF_DIR
      ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF_DIR]
      : [];
    const child = spawn(
      process.execPath,
      [...profile, '--import', 'tsx', path.join(root, 'bench/ingest-child.ts'), ...args],
      {
        cwd: root,
        env: process.env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`bench child failed (${code})`)),
    );
  });
}

export type IngestFigures = {
  n: number;
  ceilingMsgsPerSec: Figure;
  pipelineMsgsPerSec: Figure;
  ratio: number;
  peakRssMb: Figure;
  ceilingPeakRssMb: Figure;
};

export async function benchIngest(
  dovecot: TestDovecot,
  opts: { n: number; runs: number; protocols: ('imap' | 'imaps' | 'pop3s')[]; log: (m: string) => void },
): Promise<Record<string, IngestFigures>> {
  const { makeMailbox } = await import('../tests/helpers/mailbox-fixture');
  const { confirmMailboxImport } = await import('@/lib/mailboxes/confirm-import');
  const out: Record<string, IngestFigures> = {};
  for (const protocol of opts.protocols) {
    const ceilings: ChildResult[] = [];
    const pipelines: ChildResult[] = [];
    for (let run = 0; run < opts.runs; run++) {
      const fx = await makeMailbox(dovecot, { protocol, starttls: protocol === 'imap' ? 'off' : 'required' });
      const messages = generateMailbox(opts.n, 1000 + run, fx.address, `${protocol}${run}`);
      await dovecot.append(fx.user, messages, { via: 'maildir' });
      // Ceiling first (read-only), then the pipeline empties the same mailbox.
      const c = await runChild(['ceiling', protocol, String(dovecot.ports[protocol]), fx.user, fx.password]);
      ceilings.push(c);
      await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
      const p = await runChild(['pipeline', fx.mailboxId]);
      pipelines.push(p);
      opts.log(
        `ingest ${protocol} run ${run + 1}: ceiling ${(c.messages / c.seconds).toFixed(0)} msgs/s, pipeline ${(p.messages / p.seconds).toFixed(0)} msgs/s, peak RSS ${p.peakRssMb} MB`,
      );
      if (c.messages !== opts.n || p.messages !== opts.n)
        opts.log(`  (warning: ceiling saw ${c.messages}, pipeline ${p.messages} of ${opts.n})`);
    }
    const ceiling = summarize(ceilings.map((c) => c.messages / c.seconds));
    const pipe = summarize(pipelines.map((p) => p.messages / p.seconds));
    out[protocol] = {
      n: opts.n,
      ceilingMsgsPerSec: ceiling,
      pipelineMsgsPerSec: pipe,
      ratio: Math.round((pipe.median / ceiling.median) * 100) / 100,
      peakRssMb: summarize(pipelines.map((p) => p.peakRssMb)),
      ceilingPeakRssMb: summarize(ceilings.map((c) => c.peakRssMb)),
    };
  }
  return out;
}
