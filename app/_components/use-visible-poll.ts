'use client';
// Asking a small JSON route again and again while the tab is visible (who else is replying on a case, an
// import's progress): one request at a time, the first at once; a hidden tab skips its turn; a failed request
// (offline for a moment) waits for the next turn; `onBody` returning false stops the asking (what was watched
// is over). A 404 (signed out) is a failed request like any other.
//
//   useVisiblePoll<{ replying: string[] }>(`/t/${slug}/cases/${number}/presence`, 8_000, (b) => setReplying(b.replying));
import { useEffect } from 'react';
import { useLatest } from './use-latest';

export function useVisiblePoll<T>(url: string, everyMs: number, onBody: (body: T) => boolean | void): void {
  const handler = useLatest(onBody);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (document.visibilityState === 'visible') {
        try {
          const res = await fetch(url, { cache: 'no-store' });
          if (res.ok) {
            const body = (await res.json()) as T;
            if (stopped || handler.current(body) === false) return;
          }
        } catch {
          // offline for a moment: the next tick asks again
        }
      }
      if (!stopped) timer = setTimeout(tick, everyMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [url, everyMs, handler]);
}
