// A mailbox's lifecycle state as a labelled badge (importing shows its progress).
import type { MailboxRow } from '@/lib/mailboxes/get-mailbox';

const look: Record<MailboxRow['state'], { label: string; className: string }> = {
  draft: { label: 'Draft', className: 'bg-slate-100 text-slate-700 ring-slate-200' },
  importing: { label: 'Importing', className: 'bg-sky-50 text-sky-800 ring-sky-200' },
  active: { label: 'Active', className: 'bg-emerald-50 text-emerald-800 ring-emerald-200' },
  paused: { label: 'Paused', className: 'bg-amber-50 text-amber-800 ring-amber-200' },
  error: { label: 'Error', className: 'bg-red-50 text-red-800 ring-red-200' },
  needs_reauth: { label: 'Needs re-authorisation', className: 'bg-red-50 text-red-800 ring-red-200' },
};

export function MailboxStateBadge({
  state,
  progress,
}: {
  state: MailboxRow['state'];
  progress?: { processed: number; total: number } | null;
}) {
  const { label, className } = look[state];
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${className}`}
      data-testid="mailbox-state"
      data-state={state}
    >
      {label}
      {state === 'importing' && progress ? ` ${progress.processed}/${progress.total}` : ''}
    </span>
  );
}

export function ImportProgress({ processed, total }: { processed: number; total: number }) {
  const pct = total > 0 ? Math.min(100, Math.round((processed / total) * 100)) : 100;
  return (
    <div>
      <div className="flex justify-between text-xs text-slate-600">
        <span>Importing existing messages as Closed cases…</span>
        <span>
          {processed} of {total}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={processed}
        className="mt-1 h-2 overflow-hidden rounded-full bg-slate-200"
        data-testid="import-progress"
      >
        <div className="h-full bg-indigo-600 transition-all" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
