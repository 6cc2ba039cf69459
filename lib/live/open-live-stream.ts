// One browser tab's Server-Sent Events stream of its tenant's changes.
//
//   subscribe (buffering) → starting point: the feed's newest id, or catch up after Last-Event-ID
//   → flush what arrived meanwhile → live events as they are notified, a comment every 25 s
//   → closed by: the tab, a sign-out of this session or of all the user's sessions (sign out everywhere,
//     password change or reset), the user's removal from the tenant ("ended"), or its lifetime (the tab reconnects,
//     and the reconnect runs the full session and membership check again).
//
// Each message carries `id:` (the newest event id in it) so the browser's automatic reconnect sends
// Last-Event-ID and resumes where it stopped. More than CATCH_UP_LIMIT missed events become one "resync".
import { withTenant } from '@/db/tenancy';
import { subscribeLive, type HubMessage } from './live-hub';
import type { LiveEvent } from './live-notification';
import { latestLiveEventId, listLiveEvents } from './list-live-events';

export const CATCH_UP_LIMIT = 500;
const HEARTBEAT_MS = 25_000;
const RECONNECT_MS = 2_000;
const DEFAULT_LIFETIME_MS = 5 * 60_000;

export type LiveStreamOptions = {
  tenantId: string;
  sessionKey: string | null;
  /** The signed-in user: a revocation of all their sessions, or their removal from the tenant, ends it. */
  userId?: string | null;
  /** Last-Event-ID of a reconnecting tab. */
  afterId: number | null;
  signal?: AbortSignal;
  lifetimeMs?: number;
};

export function openLiveStream(opts: LiveStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let ready = false;
      let last = opts.afterId ?? 0;
      const pending: HubMessage[] = [];
      const sentDuringCatchUp = new Set<number>();
      const timers: ReturnType<typeof setTimeout>[] = [];
      let unsubscribe = () => {};

      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const sendEvents = (events: LiveEvent[]) => {
        if (!events.length) return;
        last = Math.max(last, ...events.map((e) => e.id));
        write(`id: ${last}\nevent: change\ndata: ${JSON.stringify({ events })}\n\n`);
      };
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        timers.forEach((t) => clearTimeout(t));
        opts.signal?.removeEventListener('abort', close);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      cleanup = close;

      const catchUp = async () => {
        const events = await withTenant(opts.tenantId, (tx) =>
          listLiveEvents(tx, { afterId: last, limit: CATCH_UP_LIMIT }),
        );
        if (events.length >= CATCH_UP_LIMIT) {
          const newest = events.at(-1)!.id;
          sendEvents([{ id: newest, number: null, kind: 'resync' }]);
        } else sendEvents(events);
        return events;
      };

      const onMessage = (message: HubMessage) => {
        if (closed) return;
        if (!ready) return void pending.push(message);
        if (message.type === 'ended') {
          write('event: ended\ndata: {}\n\n');
          return close();
        }
        if (message.type === 'gap') return void catchUp().catch(close);
        sendEvents(message.events);
      };

      opts.signal?.addEventListener('abort', close);
      if (opts.signal?.aborted) return close();
      write(`retry: ${RECONNECT_MS}\n\n`);

      void (async () => {
        unsubscribe = await subscribeLive({
          tenantId: opts.tenantId,
          sessionKey: opts.sessionKey,
          userId: opts.userId ?? null,
          deliver: onMessage,
        });
        if (closed) return unsubscribe();
        if (opts.afterId === null) {
          last = await withTenant(opts.tenantId, (tx) => latestLiveEventId(tx));
          write(`id: ${last}\nevent: ready\ndata: ${JSON.stringify({ last })}\n\n`);
        } else {
          for (const e of await catchUp()) sentDuringCatchUp.add(e.id);
          write(`event: ready\ndata: ${JSON.stringify({ last })}\n\n`);
        }
        ready = true;
        for (const message of pending.splice(0)) {
          if (message.type === 'events') {
            const fresh = message.events.filter((e) => !sentDuringCatchUp.has(e.id));
            onMessage({ type: 'events', events: fresh });
          } else onMessage(message);
        }
        sentDuringCatchUp.clear();
        const beat = () => {
          write(': keep-alive\n\n');
          timers[0] = setTimeout(beat, HEARTBEAT_MS);
        };
        timers[0] = setTimeout(beat, HEARTBEAT_MS);
        timers[1] = setTimeout(close, opts.lifetimeMs ?? DEFAULT_LIFETIME_MS);
      })().catch(() => close());
    },
    cancel() {
      cleanup();
    },
  });
}
