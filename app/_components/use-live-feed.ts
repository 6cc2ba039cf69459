'use client';
// A tab's subscription to its tenant's change feed (GET /t/:slug/live, Server-Sent Events).
// The browser reconnects by itself and sends Last-Event-ID, so a tab resumes where it stopped (also across
// a server restart). When a stream cannot be held (refused, or a proxy that buffers it) the tab asks
// "changed since N?" every few seconds instead (GET /t/:slug/live/changes) and tries the stream again
// later. A 404 means signed out (or removed from the tenant): everything stops.
import { useEffect } from 'react';
import { useLatest } from './use-latest';

export type LiveEvent = { id: number; number: number | null; kind: 'case' | 'message' | 'resync' };

const POLL_MS = 5_000;
const STREAM_RETRY_MS = 30_000;
const READY_WITHIN_MS = 10_000;

export function useLiveFeed(slug: string, onEvents: (events: LiveEvent[]) => void): void {
  const handler = useLatest(onEvents);

  useEffect(() => {
    let stopped = false;
    let last: number | null = null;
    let source: EventSource | null = null;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let readyTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const deliver = (events: LiveEvent[]) => {
      if (!events.length) return;
      last = Math.max(last ?? 0, ...events.map((e) => e.id));
      handler.current(events);
    };
    const stop = () => {
      stopped = true;
      source?.close();
      clearTimeout(pollTimer);
      clearTimeout(readyTimer);
      clearTimeout(retryTimer);
    };

    const poll = async () => {
      if (stopped) return;
      try {
        const res = await fetch(`/t/${slug}/live/changes${last === null ? '' : `?after=${last}`}`, {
          cache: 'no-store',
        });
        if (res.status === 404) return stop();
        if (res.ok) {
          const body = (await res.json()) as { last: number; events: LiveEvent[] };
          if (last === null) last = body.last;
          else deliver(body.events);
        }
      } catch {
        // offline for now: ask again on the next tick
      }
      if (!stopped) pollTimer = setTimeout(poll, POLL_MS);
    };

    const fallBackToPolling = () => {
      source?.close();
      source = null;
      clearTimeout(readyTimer);
      if (stopped) return;
      clearTimeout(pollTimer);
      pollTimer = setTimeout(poll, 0);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => {
        clearTimeout(pollTimer);
        connect();
      }, STREAM_RETRY_MS);
    };

    const connect = () => {
      if (stopped) return;
      // A new EventSource sends no Last-Event-ID: the position goes in the query instead.
      const es = new EventSource(`/t/${slug}/live${last === null ? '' : `?after=${last}`}`);
      source = es;
      readyTimer = setTimeout(fallBackToPolling, READY_WITHIN_MS);
      es.addEventListener('ready', (e) => {
        clearTimeout(readyTimer);
        const { last: at } = JSON.parse((e as MessageEvent<string>).data) as { last: number };
        last ??= at;
      });
      es.addEventListener('change', (e) => {
        deliver((JSON.parse((e as MessageEvent<string>).data) as { events: LiveEvent[] }).events);
      });
      es.addEventListener('ended', stop);
      es.onerror = () => {
        // CONNECTING: the browser retries by itself. CLOSED: refused (404 signed out, or an error page).
        if (es.readyState === EventSource.CLOSED && source === es) fallBackToPolling();
      };
    };

    connect();
    return stop;
  }, [slug, handler]);
}
