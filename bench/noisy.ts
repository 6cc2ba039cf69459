// Noisy neighbour: tenant A imports a mailbox of N realistic messages with a hostile set mixed in,
// while 10 clients of tenant B call GET /api/v1/cases and load the cases page of the same app
// (production build, its in-process runner doing A's import). B's p50/p95/p99 during the import are
// reported against an idle baseline measured in the same run, on the same app, just before.
import { sql } from 'drizzle-orm';
import { errorMessage } from '../lib/errors';
import type { TestDovecot } from '../tests/helpers/dovecot';
import { generateMailbox } from './generate-mailbox';
import { hostileSet } from './hostile-set';
import { percentile } from './stats';

type Ctx = { dovecot: TestDovecot; databaseUrl: string; log: (m: string) => void; n: number };

const CLIENTS = 10;
const BASELINE_SECONDS = 20;
const IMPORT_TIMEOUT_MS = 15 * 60_000;

type Samples = { api: number[]; page: number[]; errors: number };
type Latency = { p50: number; p95: number; p99: number; max: number; requests: number };

/** CLIENTS loops, each: the cases API, then the cases page; until `done()` says stop. */
async function drive(
  api: [string, Record<string, string>],
  page: [string, Record<string, string>],
  done: () => boolean,
) {
  const samples: Samples = { api: [], page: [], errors: 0 };
  const timed = async (into: number[], [url, headers]: [string, Record<string, string>]) => {
    const t = performance.now();
    try {
      const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
      await res.arrayBuffer();
      if (res.status !== 200) samples.errors++;
    } catch {
      samples.errors++;
    }
    into.push(performance.now() - t);
  };
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (!done()) {
        await timed(samples.api, api);
        if (done()) break;
        await timed(samples.page, page);
      }
    }),
  );
  return samples;
}

function latency(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 10) / 10;
  return {
    p50: r(percentile(sorted, 50)),
    p95: r(percentile(sorted, 95)),
    p99: r(percentile(sorted, 99)),
    max: r(sorted[sorted.length - 1] ?? NaN),
    requests: sorted.length,
  };
}

/** A failure here is reported in the section, not thrown: the other sections' figures are still written. */
export async function run(ctx: Ctx): Promise<{ json: unknown; markdown: string[] }> {
  try {
    return await measure(ctx);
  } catch (err) {
    const reason = errorMessage(err);
    ctx.log(`noisy: failed: ${reason}`);
    return { json: { measured: false, reason }, markdown: ['## Noisy neighbour', '', `Not measured: ${reason}`] };
  }
}

async function measure(ctx: Ctx) {
  const { startApp, signInCookie } = await import('../tests/helpers/app-server');
  const { makeMailbox } = await import('../tests/helpers/mailbox-fixture');
  const { withSystem, withTenant } = await import('@/db/tenancy');
  const { createApiKey } = await import('@/lib/api-keys/create-api-key');
  const { confirmMailboxImport } = await import('@/lib/mailboxes/confirm-import');
  const { seedTenant } = await import('./seed-tenant');

  // Tenant B: a working tenant with some history, a signed-in member and an API key.
  const b = await seedTenant(2000);
  const { key } = await withTenant(b.tenantId, (tx) =>
    createApiKey(tx, { tenantId: b.tenantId, name: 'bench', createdBy: null }),
  );

  // Tenant A: a draft mailbox holding N ordinary messages with the hostile set spread among them.
  const fx = await makeMailbox(ctx.dovecot, { protocol: 'imap', starttls: 'off' });
  const ordinary = generateMailbox(ctx.n, 4242, fx.address, 'noisy');
  const hostile = hostileSet(fx.address);
  const messages = [...ordinary];
  hostile.forEach((h, i) => messages.splice(Math.floor(((i + 1) * ordinary.length) / (hostile.length + 1)), 0, h.raw));
  ctx.log(`noisy: appending ${messages.length} messages (${hostile.length} hostile) for tenant A…`);
  await ctx.dovecot.append(fx.user, messages, { via: 'maildir' });

  const app = await startApp({ databaseUrl: ctx.databaseUrl, env: { RUNNER_DISABLED: 'false' } });
  try {
    const cookie = b.email ? await signInCookie(app.url, b.email, b.password!) : '';
    const api: [string, Record<string, string>] = [
      `${app.url}/api/v1/cases?limit=50`,
      { authorization: `Bearer ${key}` },
    ];
    const page: [string, Record<string, string>] = [`${app.url}/t/${b.slug}/cases`, { cookie }];
    for (let i = 0; i < 3; i++) {
      await fetch(api[0], { headers: api[1] }).then((r) => r.arrayBuffer());
      await fetch(page[0], { headers: page[1] }).then((r) => r.arrayBuffer());
    }

    ctx.log(`noisy: baseline, ${CLIENTS} clients of tenant B for ${BASELINE_SECONDS} s…`);
    const baselineEnd = Date.now() + BASELINE_SECONDS * 1000;
    const baseline = await drive(api, page, () => Date.now() >= baselineEnd);

    ctx.log('noisy: tenant A confirms its import; measuring tenant B until the import is done…');
    const started = Date.now();
    await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
    let importDone = false;
    const watcher = (async () => {
      while (!importDone && Date.now() - started < IMPORT_TIMEOUT_MS) {
        await new Promise((r) => setTimeout(r, 500));
        const [row] = await withSystem(async (tx) => {
          const res = (await tx.execute(
            sql`select state, imported_at from mailboxes where id = ${fx.mailboxId}`,
          )) as unknown;
          return (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as {
            state: string;
            imported_at: Date | null;
          }[];
        });
        if (row?.imported_at) importDone = true;
      }
    })();
    const during = await drive(api, page, () => importDone || Date.now() - started >= IMPORT_TIMEOUT_MS);
    await watcher;
    const importSeconds = (Date.now() - started) / 1000;

    const outcomes = await withTenant(fx.tenant.tenantId, async (tx) => {
      const res = (await tx.execute(sql`
        select 'case' as what, count(*)::int as n from cases
        union all select 'ignored:' || reason, count(*)::int from ignored_messages group by reason`)) as unknown;
      return (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { what: string; n: number }[];
    });
    const hostileOutcomes = await withTenant(fx.tenant.tenantId, async (tx) => {
      const res = (await tx.execute(sql`
        select r.size, coalesce(i.outcome::text || ':' || i.reason, 'case') as outcome
        from raw_messages r left join ignored_messages i on i.raw_message_id = r.id
        where r.size > 90000 order by r.size`)) as unknown;
      return (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { size: number; outcome: string }[];
    });

    const json = {
      tenantA: {
        messages: messages.length,
        hostile: hostile.map((h) => ({ name: h.name, bytes: h.raw.length })),
        importSeconds: Math.round(importSeconds * 10) / 10,
        msgsPerSec: Math.round((messages.length / importSeconds) * 10) / 10,
        finished: importDone,
        outcomes: Object.fromEntries(outcomes.map((o) => [o.what, o.n])),
        largeMessageOutcomes: hostileOutcomes,
      },
      tenantB: {
        clients: CLIENTS,
        baseline: { api: latency(baseline.api), page: latency(baseline.page), errors: baseline.errors },
        duringImport: { api: latency(during.api), page: latency(during.page), errors: during.errors },
      },
    };
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const row = (name: string, idle: Latency, busy: Latency) =>
      `| ${name} | ${idle.p50} / ${idle.p95} / ${idle.p99} | ${busy.p50} / ${busy.p95} / ${busy.p99} | ${ratio(busy.p99, idle.p99)} | ${idle.requests} / ${busy.requests} |`;
    ctx.log(
      `noisy: import ${json.tenantA.importSeconds} s (${json.tenantA.msgsPerSec} msgs/s); B API p99 ${json.tenantB.baseline.api.p99} → ${json.tenantB.duringImport.api.p99} ms`,
    );
    return {
      json,
      markdown: [
        `## Noisy neighbour (tenant A imports ${messages.length} messages incl. ${hostile.length} hostile; ${CLIENTS} clients of tenant B)`,
        '',
        `Import: ${json.tenantA.importSeconds} s, ${json.tenantA.msgsPerSec} msgs/s${importDone ? '' : ' (not finished: timed out)'}; hostile: ${hostileOutcomes.map((h) => `${Math.round(h.size / 1024)} KB → ${h.outcome}`).join(', ')}.`,
        '',
        '| tenant B request | idle p50 / p95 / p99 ms | during import p50 / p95 / p99 ms | p99 ratio | requests idle / during |',
        '| --- | --- | --- | --- | --- |',
        row('GET /api/v1/cases', json.tenantB.baseline.api, json.tenantB.duringImport.api),
        row('cases page', json.tenantB.baseline.page, json.tenantB.duringImport.page),
        '',
        `Errors: ${baseline.errors} idle, ${during.errors} during the import.`,
      ],
    };
  } finally {
    await app.stop();
  }
}
