'use client';
// Undo for close: closing a case (the `c` key, the status menu) leaves a notice with Undo for a few seconds,
// on whatever page comes next (`c` moves on to the next case), which puts the case back as it was.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState, useTransition } from 'react';
import { updateCaseAction } from './[number]/actions';

const KEY = 'caseflow:closed';
const EVENT = 'caseflow:closed';
const UNDO_MS = 10_000;

type Closed = { slug: string; number: number; previous: 'open' | 'pending'; at: number };

/** Called right after a close succeeded: the notice (here or on the next page) offers to undo it. */
export function rememberClosed(slug: string, number: number, previous: string): void {
  if (previous !== 'open' && previous !== 'pending') return;
  const closed: Closed = { slug, number, previous, at: Date.now() };
  sessionStorage.setItem(KEY, JSON.stringify(closed));
  window.dispatchEvent(new Event(EVENT));
}

function readClosed(slug: string): Closed | null {
  try {
    const c = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Closed | null;
    return c && c.slug === slug && Date.now() - c.at < UNDO_MS ? c : null;
  } catch {
    return null;
  }
}

export function CloseUndoNotice({ slug }: { slug: string }) {
  const router = useRouter();
  const [closed, setClosed] = useState<Closed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const dismiss = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setClosed(null);
  }, []);

  useEffect(() => {
    const show = () => {
      setError(null);
      setClosed(readClosed(slug));
    };
    show();
    window.addEventListener(EVENT, show);
    return () => window.removeEventListener(EVENT, show);
  }, [slug]);

  useEffect(() => {
    if (!closed) return;
    const timer = setTimeout(dismiss, Math.max(0, closed.at + UNDO_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [closed, dismiss]);

  if (!closed) return null;
  const undo = () => {
    const fd = new FormData();
    fd.set('slug', slug);
    fd.set('number', String(closed.number));
    fd.set('status', closed.previous);
    startTransition(async () => {
      const result = await updateCaseAction(null, fd);
      if (result?.ok) {
        dismiss();
        router.refresh();
      } else setError(result?.error ?? 'Could not undo; change the status on the case.');
    });
  };
  return (
    <div
      role="status"
      className="fixed inset-x-2 bottom-4 z-50 mx-auto flex max-w-md items-center gap-3 rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
      data-testid="close-undo"
    >
      <span className="flex-1">
        <Link href={`/t/${slug}/cases/${closed.number}`} className="underline">
          Case #{closed.number}
        </Link>{' '}
        closed.{error ? ` ${error}` : ''}
      </span>
      <button
        type="button"
        onClick={undo}
        disabled={pending}
        className="rounded-md bg-white px-3 py-1 font-medium text-slate-900 hover:bg-slate-100 disabled:opacity-60"
      >
        Undo
      </button>
      <button type="button" onClick={dismiss} aria-label="Dismiss" className="px-1 text-slate-300 hover:text-white">
        ×
      </button>
    </div>
  );
}
