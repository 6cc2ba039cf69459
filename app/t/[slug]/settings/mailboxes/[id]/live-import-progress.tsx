'use client';
// The import's progress as it happens: asks the tiny progress route every second (the server counts up a
// batch at a time) and moves the bar, instead of rendering the whole page again; when the import is over the
// page is rendered once more to show the mailbox as it now is.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useVisiblePoll } from '@/app/_components/use-visible-poll';
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
  useVisiblePoll<{ state: string; processed: number; total: number | null }>(
    `/t/${slug}/settings/mailboxes/${mailboxId}/progress`,
    POLL_MS,
    (body) => {
      if (body.total != null) setProgress({ processed: body.processed, total: body.total });
      if (body.state === 'importing') return;
      router.refresh();
      return false;
    },
  );
  return <ImportProgress processed={progress.processed} total={progress.total} />;
}
