// GET /t/:slug/live/changes?after=N – "changed since": the fallback when a tab cannot hold a stream open.
// A few bytes when nothing changed ({"last":N,"events":[]}), instead of re-rendering the page to find out.
import { CATCH_UP_LIMIT } from '@/lib/live/open-live-stream';
import { latestLiveEventId, listLiveEvents } from '@/lib/live/list-live-events';
import { memberRoute, noStoreJson } from '@/app/t/[slug]/_lib/tenant-for-route';

export const dynamic = 'force-dynamic';

export const GET = memberRoute(async ({ tx, request }) => {
  const after = new URL(request.url).searchParams.get('after') ?? '';
  if (!/^[0-9]{1,15}$/.test(after)) return noStoreJson({ last: await latestLiveEventId(tx), events: [] });
  const events = await listLiveEvents(tx, { afterId: Number(after), limit: CATCH_UP_LIMIT });
  const last = Math.max(Number(after), ...events.map((e) => e.id));
  return noStoreJson(
    events.length >= CATCH_UP_LIMIT ? { last, events: [{ id: last, number: null, kind: 'resync' }] } : { last, events },
  );
});
