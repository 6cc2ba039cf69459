'use client';
// The import's progress as it happens: asks the tiny progress route every second (the server counts up a
// batch at a time) and moves the bar, instead of rendering the whole page again; when the import is over the
// page is rendered once more to show the mailbox as it now is.
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { ImportProgress } from '../_components/mailbox-state-badge';

const POLL_MS = 1000;

export function LiveImportProgress({
  slug,
  mailboxId,
  processed,
  total,
}: {
  slug: string;
  mailboxId: string;
  processed: number;
  total: number;
}) {
  const router = useRouter();
  const [progress, setProgress] = useState({ processed, total });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (document.visibilityState === 'visible') {
        try {
          const res = await fetch(`/t/${slug}/settings/mailboxes/${mailboxId}/progress`, { cache: 'no-store' });
          if (res.ok) {
            const body = (await res.json()) as { state: string; processed: number; total: number | null };
            if (stopped) return;
            if (body.total != null) setProgress({ processed: body.processed, total: body.total });
            if (body.state !== 'importing') {
              router.refresh();
              return;
            }
          }
        } catch {
          // offline for a moment: the next tick asks again
        }
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [slug, mailboxId, router]);
  return <ImportProgress processed={progress.processed} total={progress.total} />;
}
