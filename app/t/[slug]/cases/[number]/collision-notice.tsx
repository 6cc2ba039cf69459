'use client';
// The collision notice: "Ana is replying" when another agent is writing a reply on this case. The page asks
// who is (a few bytes, every few seconds while visible); typing a reply says so (at most every 10 s).
import { useCallback, useRef, useState } from 'react';
import { useVisiblePoll } from '@/app/_components/use-visible-poll';
import { replyingAction } from './actions';

const POLL_MS = 8_000;
const ANNOUNCE_MS = 10_000;

/** Returns a function to call while the agent types a reply. */
export function useAnnounceReplying(slug: string, number: number): () => void {
  const last = useRef(0);
  return useCallback(() => {
    if (Date.now() - last.current < ANNOUNCE_MS) return;
    last.current = Date.now();
    const fd = new FormData();
    fd.set('slug', slug);
    fd.set('number', String(number));
    void replyingAction(null, fd).catch(() => undefined);
  }, [slug, number]);
}

export function CollisionNotice({ slug, number }: { slug: string; number: number }) {
  const [replying, setReplying] = useState<string[]>([]);
  useVisiblePoll<{ replying: string[] }>(`/t/${slug}/cases/${number}/presence`, POLL_MS, (body) =>
    setReplying(body.replying),
  );
  if (!replying.length) return null;
  const who =
    replying.length === 1 ? replying[0] : `${replying.slice(0, -1).join(', ')} and ${replying[replying.length - 1]}`;
  return (
    <p
      role="status"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
      data-testid="collision-notice"
    >
      {who} {replying.length === 1 ? 'is' : 'are'} writing a reply on this case.
    </p>
  );
}
