'use client';
// An open case page follows the change feed and refreshes its server data only when this case changed
// (a reply, a note, delivery progress, status or assignee) — never on a timer. The refresh keeps the
// page, its scroll position and any text typed in the composer.
import { useRouter } from 'next/navigation';
import { useCallback, useRef } from 'react';
import { useLiveFeed, type LiveEvent } from '@/app/_components/use-live-feed';

const BATCH_MS = 100;

export function LiveCase({ slug, number }: { slug: string; number: number }) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onEvents = useCallback(
    (events: LiveEvent[]) => {
      if (!events.some((e) => e.number === number || e.kind === 'resync')) return;
      timer.current ??= setTimeout(() => {
        timer.current = undefined;
        router.refresh();
      }, BATCH_MS);
    },
    [number, router],
  );
  useLiveFeed(slug, onEvents);
  return null;
}
