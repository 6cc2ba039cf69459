// Live workspace costs, measured against the running app of the workspace benchmark:
// - 100 idle open tabs: Server-Sent Events streams held open for 15 s, CPU of the app's process group
//   (percent of one core, from /proc), against the same time with no tab open;
// - event to visible: a case changes (committed by another process), every one of the 100 tabs gets the
//   event; "visible" adds the rows request a tab then makes (GET /t/:slug/live/cases), as the browser does.
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { readSseMessages } from '../tests/helpers/sse-messages';
import { percentile } from './stats';

const TABS = 100;
const IDLE_SECONDS = 15;
const CHANGES = 40;

/** CPU ticks (user + system) of every process in the group `pgid` (the app was started detached). */
function groupCpuTicks(pgid: number): number {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}

async function cpuPercent(pgid: number, seconds: number): Promise<number> {
  const before = groupCpuTicks(pgid);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const ticks = groupCpuTicks(pgid) - before;
  return Math.round((ticks / 100 / seconds) * 1000) / 10; // USER_HZ is 100 on Linux
}

type Tab = { received: Map<number, number>; close: () => void; ready: Promise<void> };

function openTab(url: string, cookie: string): Tab {
  const controller = new AbortController();
  const received = new Map<number, number>();
  let markReady = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  void (async () => {
    const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
    await readSseMessages(res.body!.getReader(), (m) => {
      if (m.event === 'ready') markReady();
      if (m.event === 'change' && m.data) {
        const now = performance.now();
        for (const e of (JSON.parse(m.data) as { events: { number: number | null }[] }).events)
          if (e.number !== null && !received.has(e.number)) received.set(e.number, now);
      }
    });
  })().catch(() => {});
  return { received, ready, close: () => controller.abort() };
}

export async function benchLive(opts: {
  appUrl: string;
  pid: number;
  cookie: string;
  slug: string;
  tenantId: string;
  log: (m: string) => void;
}) {
  const { withTenant } = await import('@/db/tenancy');
  opts.log(`live: CPU with no tab open (${IDLE_SECONDS} s)…`);
  const baseline = await cpuPercent(opts.pid, IDLE_SECONDS);
  const tabs = Array.from({ length: TABS }, () => openTab(`${opts.appUrl}/t/${opts.slug}/live`, opts.cookie));
  await Promise.all(tabs.map((t) => t.ready));
  await new Promise((r) => setTimeout(r, 2000));
  opts.log(`live: CPU with ${TABS} idle tabs (${IDLE_SECONDS} s)…`);
  const idle = await cpuPercent(opts.pid, IDLE_SECONDS);

  // Changes committed one after another (not a burst), each on a different recent case.
  const numbers = await withTenant(opts.tenantId, async (tx) => {
    const rows = (await tx.execute(sql`select number from cases order by number desc limit ${CHANGES}`)) as unknown;
    return ((Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { number: string }[]).map((r) =>
      Number(r.number),
    );
  });
  const committedAt = new Map<number, number>();
  const visibleMs: number[] = [];
  const deliveredMs: number[] = [];
  for (const number of numbers) {
    await withTenant(opts.tenantId, (tx) =>
      tx.execute(
        sql`update cases set status = case when status = 'open' then 'pending'::case_status else 'open'::case_status end,
            last_activity_at = now() where number = ${number}`,
      ),
    );
    committedAt.set(number, performance.now());
    const deadline = Date.now() + 10_000;
    while (tabs.some((t) => !t.received.has(number)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    for (const t of tabs) {
      const at = t.received.get(number);
      if (at !== undefined) deliveredMs.push(at - committedAt.get(number)!);
    }
    // One tab's follow-up request for the changed row: then the row is on screen.
    const first = tabs[0].received.get(number);
    if (first !== undefined) {
      const res = await fetch(`${opts.appUrl}/t/${opts.slug}/live/cases?numbers=${number}`, {
        headers: { cookie: opts.cookie },
      });
      await res.arrayBuffer();
      visibleMs.push(performance.now() - committedAt.get(number)!);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  tabs.forEach((t) => t.close());
  const r = (v: number) => Math.round(v * 10) / 10;
  deliveredMs.sort((a, b) => a - b);
  visibleMs.sort((a, b) => a - b);
  const result = {
    tabs: TABS,
    idleSeconds: IDLE_SECONDS,
    cpuPercentOfOneCoreNoTabs: baseline,
    cpuPercentOfOneCoreIdleTabs: idle,
    changes: numbers.length,
    eventDeliveredToAllTabsMs: {
      p50: r(percentile(deliveredMs, 50)),
      p95: r(percentile(deliveredMs, 95)),
      missed: numbers.length * TABS - deliveredMs.length,
    },
    eventToVisibleMs: { p50: r(percentile(visibleMs, 50)), p95: r(percentile(visibleMs, 95)) },
  };
  opts.log(`live: ${JSON.stringify(result)}`);
  return result;
}
