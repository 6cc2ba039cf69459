// One LISTEN per app instance, fanned out in memory to every open stream of the notified tenant.
// A stream registers its tenant, session key and user; a notification for tenant T reaches only T's
// streams, a sign-out only the streams of that session, a user's revocation only that user's streams. Idle streams cost a Set entry and nothing else.
import { getDbHandle } from '@/db/client';
import { LIVE_CHANNEL, parseLiveNotification, type LiveEvent } from './live-notification';
import { pruneLiveEvents } from './prune-live-events';

export type HubMessage = { type: 'events'; events: LiveEvent[] } | { type: 'gap' } | { type: 'ended' };

type Subscriber = {
  tenantId: string;
  sessionKey: string | null;
  userId?: string | null;
  deliver: (message: HubMessage) => void;
};

type Hub = {
  byTenant: Map<string, Set<Subscriber>>;
  listening: Promise<void> | null;
  pruneTimer: ReturnType<typeof setInterval> | null;
};

const PRUNE_EVERY_MS = 10 * 60_000;

// On globalThis: Next.js may load this module once per route bundle, and the instance must listen once.
const globalForHub = globalThis as unknown as { __caseflowLiveHub?: Hub };
const hub: Hub = (globalForHub.__caseflowLiveHub ??= { byTenant: new Map(), listening: null, pruneTimer: null });

/** Starts listening if this instance is not yet; rejects (and retries on the next call) when it cannot. */
function ensureListening(): Promise<void> {
  hub.listening ??= (async () => {
    const handle = await getDbHandle();
    await handle.listen(LIVE_CHANNEL, dispatch, () => broadcast({ type: 'gap' }));
    hub.pruneTimer ??= setInterval(() => void pruneLiveEvents().catch(() => {}), PRUNE_EVERY_MS);
    hub.pruneTimer.unref?.();
  })().catch((err: unknown) => {
    hub.listening = null;
    throw err;
  });
  return hub.listening;
}

function dispatch(payload: string): void {
  const n = parseLiveNotification(payload);
  if (!n) return;
  if (n.kind === 'changes') {
    for (const s of hub.byTenant.get(n.tenantId) ?? []) s.deliver({ type: 'events', events: n.events });
    return;
  }
  if (n.kind === 'user-ended') {
    for (const [tenantId, set] of hub.byTenant)
      if (!n.tenantId || n.tenantId === tenantId)
        for (const s of set) if (s.userId === n.userId) s.deliver({ type: 'ended' });
    return;
  }
  for (const set of hub.byTenant.values())
    for (const s of set) if (s.sessionKey === n.sessionKey) s.deliver({ type: 'ended' });
}

function broadcast(message: HubMessage): void {
  for (const set of hub.byTenant.values()) for (const s of set) s.deliver(message);
}

/** Registers a stream; resolves once this instance is listening (so nothing committed after is missed). */
export async function subscribeLive(subscriber: Subscriber): Promise<() => void> {
  let set = hub.byTenant.get(subscriber.tenantId);
  if (!set) hub.byTenant.set(subscriber.tenantId, (set = new Set()));
  set.add(subscriber);
  const unsubscribe = () => {
    set.delete(subscriber);
    if (set.size === 0 && hub.byTenant.get(subscriber.tenantId) === set) hub.byTenant.delete(subscriber.tenantId);
  };
  try {
    await ensureListening();
  } catch (err) {
    unsubscribe();
    throw err;
  }
  return unsubscribe;
}

/** Open streams on this instance (the benchmark and tests read it). */
export function liveSubscriberCount(): number {
  let n = 0;
  for (const set of hub.byTenant.values()) n += set.size;
  return n;
}
