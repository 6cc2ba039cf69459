'use client';
// Keyboard help for the whole workspace: `?` opens the list of shortcuts, `/` jumps to the case search
// (on the cases list; elsewhere it goes there). Never while typing in a field.
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useModalDialog } from '@/app/_components/use-modal-dialog';
import { Button } from '@/app/_components/submit-button';
import { isTyping } from './cases/list-shortcuts';

const SHORTCUTS: [string, string][] = [
  ['?', 'Show or hide this list'],
  ['/', 'Search cases'],
  ['j / k', 'Next / previous case (list and case page)'],
  ['Enter', 'Open the selected case'],
  ['r', 'Reply (case page)'],
  ['f', 'Forward the customer’s latest message (case page)'],
  ['n', 'Internal note (case page)'],
  ['/ in an empty reply', 'Insert a canned reply'],
  ['c', 'Close the case and open the next one (Undo in the notice)'],
  ['Esc', 'Close this list'],
];

export function WorkspaceKeys({ casesHref }: { casesHref: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const ref = useModalDialog(open);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      if (e.key === '?') {
        e.preventDefault();
        setOpen((o) => !o);
      } else if (e.key === '/') {
        e.preventDefault();
        const search = document.getElementById('case-search') as HTMLInputElement | null;
        if (search) search.focus();
        else router.push(`${casesHref}?focus=search`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router, casesHref]);

  return (
    <dialog
      ref={ref}
      onClose={() => setOpen(false)}
      aria-labelledby="shortcuts-title"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/50"
      data-testid="shortcuts-overlay"
    >
      <div className="space-y-3 p-6">
        <h2 id="shortcuts-title" className="text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map(([key, what]) => (
            <div key={key} className="contents">
              <dt>
                <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">{key}</kbd>
              </dt>
              <dd className="text-slate-700">{what}</dd>
            </div>
          ))}
        </dl>
        <div className="flex justify-end">
          <Button onClick={() => setOpen(false)}>Close</Button>
        </div>
      </div>
    </dialog>
  );
}
