// Workspace at scale: 200 k cases / 1 M messages in one tenant (plus 9 smaller tenants), the app in
// production mode, 20 concurrent clients per scenario; p50/p95 of each request on loopback.
import { sql } from 'drizzle-orm';
import { seed } from './seed-tenant';
import { percentile } from './stats';

type Ctx = { databaseUrl: string; log: (m: string) => void; n: number };

const CLIENTS = 20;
// Short runs keep `npm run bench -- --only web` near five minutes on two cores; p95 settles within seconds.
const SECONDS_PER_SCENARIO = 5;

async function load(
  url: string,
  headers: Record<string, string>,
  clients = CLIENTS,
  seconds = SECONDS_PER_SCENARIO,
  expectStatus = 200,
): Promise<{ p50: number; p95: number; requests: number; errors: number; perSec: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end) {
        const t = performance.now();
        try {
          const res = await fetch(url, { headers, redirect: 'manual' });
          await res.arrayBuffer();
          if (res.status !== expectStatus) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 10) / 10;
  return {
    p50: r(percentile(latencies, 50)),
    p95: r(percentile(latencies, 95)),
    requests: latencies.length,
    errors,
    perSec: r(latencies.length / seconds),
  };
}

export async function run(ctx: Ctx) {
  const cases = ctx.n >= 10_000 ? 200_000 : 20 * ctx.n; // `--n` below 10 000 shrinks the seed for a quick look
  ctx.log(`web: seeding ${cases} cases × 5 messages in one tenant, and 9 smaller tenants…`);
  const seedStarted = Date.now();
  // Batches of 2,000 cases: each statement stays well inside the app roles' statement timeout (30 s).
  // The smaller tenants are seeded beside the big one: it keeps one core busy, they use the other.
  const smaller = (async () => {
    for (let i = 0; i < 9; i++)
      await seed(['--cases', String(Math.max(100, Math.round(cases / 100))), '--batch', '2000']);
  })();
  const big = await seed(['--cases', String(cases), '--batch', '2000']);
  await smaller;
  const seedSeconds = Math.round((Date.now() - seedStarted) / 1000);

  const { withTenant } = await import('@/db/tenancy');
  const { createApiKey } = await import('@/lib/api-keys/create-api-key');
  const { startApp, signInCookie } = await import('../tests/helpers/app-server');
  const { key } = await withTenant(big.tenantId, (tx) =>
    createApiKey(tx, { tenantId: big.tenantId, name: 'bench', createdBy: null }),
  );
  // One case with a 50-message history.
  const caseNumber = await withTenant(big.tenantId, async (tx) => {
    const rows = (await tx.execute(
      sql`select id, number from cases where tenant_id = ${big.tenantId} order by number desc limit 1`,
    )) as unknown;
    const [c] = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { id: string; number: number }[];
    await tx.execute(sql`
      insert into case_messages (tenant_id, case_id, direction, from_address, subject, text, sent_at)
      select ${big.tenantId}::uuid, ${c.id}::uuid, case when g % 2 = 0 then 'in' else 'out' end::message_direction,
             'customer@example.com', 'Re: long thread ' || g, repeat('A long thread message body. ', 40), now() - make_interval(mins => 60 - g)
      from generate_series(1, 45) g`);
    return Number(c.number);
  });

  // Right after a bulk load the tables have no visibility map and partial statistics, so index scans still visit
  // the heap; autovacuum settles that within minutes of a real deployment's load. Measure that steady state.
  await vacuumAnalyze(ctx.databaseUrl);
  const app = await startApp({ databaseUrl: ctx.databaseUrl });
  try {
    const cookie = big.email ? await signInCookie(app.url, big.email, big.password!) : '';
    const api = { authorization: `Bearer ${key}` };
    const page = { cookie };
    const listApi = `${app.url}/api/v1/cases?limit=50`;
    const etag = (await fetch(listApi, { headers: api })).headers.get('etag') ?? '';
    const listPage = `${app.url}/t/${big.slug}/cases`;
    const casePage = `${app.url}/t/${big.slug}/cases/${caseNumber}`;
    const pageTag = async (url: string) => {
      const res = await fetch(url, { headers: { cookie } });
      await res.arrayBuffer();
      return res.headers.get('etag') ?? '';
    };
    // The case page first: opening it marks the case read, which is part of the list page's tag.
    const casePageTag = await pageTag(casePage);
    const listPageTag = await pageTag(listPage);
    const scenarios: [string, string, Record<string, string>, number?][] = [
      ['cases list API', listApi, api],
      ['cases list API, unchanged (If-None-Match → 304)', listApi, { ...api, 'if-none-match': etag }, 304],
      ['cases list page', listPage, page],
      ['cases list page, unchanged (If-None-Match → 304)', listPage, { ...page, 'if-none-match': listPageTag }, 304],
      ['filtered list API (status=open)', `${app.url}/api/v1/cases?limit=50&status=open`, api],
      ['filtered list page (unassigned, open)', `${app.url}/t/${big.slug}/cases?status=open&assignee=unassigned`, page],
      ['full-text search page ("warranty claim")', `${app.url}/t/${big.slug}/cases?q=warranty%20claim`, page],
      ['full-text search page (rare term)', `${app.url}/t/${big.slug}/cases?q=9971`, page],
      ['case page with 50 messages', casePage, page],
      ['case page, unchanged (If-None-Match → 304)', casePage, { ...page, 'if-none-match': casePageTag }, 304],
    ];
    const results: Record<string, Awaited<ReturnType<typeof load>>> = {};
    const single: Record<string, Awaited<ReturnType<typeof load>>> = {};
    for (const [name, url, headers, status] of scenarios) {
      await fetch(url, { headers }).then((r) => r.arrayBuffer()); // warm up
      single[name] = await load(url, headers, 1, 2, status); // one client: the time of one request on an idle server
      results[name] = await load(url, headers, CLIENTS, SECONDS_PER_SCENARIO, status);
      ctx.log(
        `web ${name}: one client p50 ${single[name].p50} ms; ${CLIENTS} clients p50 ${results[name].p50} ms, p95 ${results[name].p95} ms, ${results[name].perSec} req/s, errors ${results[name].errors}`,
      );
    }
    const { benchLive } = await import('./live');
    const live = await benchLive({
      appUrl: app.url,
      pid: app.pid,
      cookie,
      slug: big.slug!,
      tenantId: big.tenantId,
      log: ctx.log,
    });
    return {
      json: {
        cases,
        messages: cases * 5 + 45,
        smallerTenants: 9,
        seedSeconds,
        clients: CLIENTS,
        secondsPerScenario: SECONDS_PER_SCENARIO,
        unit: 'ms',
        scenarios: results,
        singleClient: single,
        live,
      },
      markdown: [
        `## Workspace (${cases.toLocaleString('en')} cases / ${(cases * 5).toLocaleString('en')} messages in one tenant, ${CLIENTS} concurrent clients)`,
        '',
        `| scenario | one client p50 / p95 ms | ${CLIENTS} clients p50 ms | ${CLIENTS} clients p95 ms | req/s | errors |`,
        '| --- | --- | --- | --- | --- | --- |',
        ...Object.entries(results).map(
          ([name, r]) =>
            `| ${name} | ${single[name].p50} / ${single[name].p95} | ${r.p50} | ${r.p95} | ${r.perSec} | ${r.errors} |`,
        ),
        '',
        'Targets: p95 ≤ 100 ms for list/filter, ≤ 300 ms for search (server time; measured on loopback with 20 clients on the same 2 cores).',
        '',
        `## Live workspace (${live.tabs} open tabs on the same app)`,
        '',
        '| figure | value |',
        '| --- | --- |',
        `| app CPU, no tab open (${live.idleSeconds} s) | ${live.cpuPercentOfOneCoreNoTabs} % of one core |`,
        `| app CPU, ${live.tabs} idle tabs (${live.idleSeconds} s) | ${live.cpuPercentOfOneCoreIdleTabs} % of one core |`,
        `| change → event in all ${live.tabs} tabs, p50 / p95 | ${live.eventDeliveredToAllTabsMs.p50} / ${live.eventDeliveredToAllTabsMs.p95} ms (${live.eventDeliveredToAllTabsMs.missed} missed) |`,
        `| change → row fetched (visible), p50 / p95 | ${live.eventToVisibleMs.p50} / ${live.eventToVisibleMs.p95} ms |`,
      ],
    };
  } finally {
    await app.stop();
  }
}

async function vacuumAnalyze(url: string): Promise<void> {
  const { default: postgres } = await import('postgres');
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe('vacuum (analyze)');
  } finally {
    await client.end();
  }
}
