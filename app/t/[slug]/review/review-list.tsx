'use client';
// The review queue's rows with their actions: release (after a confirmation), block the sender, not
// spam, resend an unknown sender's confirmation request, and a bulk release of the selected rows (after a confirmation).
import Link from 'next/link';
import { useActionState, useState } from 'react';
import { DisplayText, LIST_TEXT_MAX } from '@/app/_components/display-text';
import { SmallError } from '@/app/_components/form-message';
import { HiddenFields } from '@/app/_components/hidden-fields';
import { SubmitButton } from '@/app/_components/submit-button';
import { blockHeldSenderAction, notSpamAction, releaseHeldAction, resendConfirmationAction } from './actions';

export type ReviewRow = {
  id: string;
  from: string | null;
  fromName: string | null;
  subject: string | null;
  reasonLabel: string;
  reviewReason: string;
  /** The rule, check or header that decided (the stored reason). */
  decidedBy: string;
  /** Sender verification's summary, when it did not verify. */
  check: string | null;
  /** An unknown sender's confirmation, in words. */
  confirmation: string | null;
  mailbox: string | null;
  caseNumber: number | null;
  when: string;
};

export function ReviewList({ slug, rows }: { slug: string; rows: ReviewRow[] }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  if (!rows.length) return <p className="text-sm text-slate-600">Nothing is waiting for review.</p>;
  return (
    <div className="space-y-3">
      <BulkRelease slug={slug} ids={[...selected]} onDone={() => setSelected(new Set())} />
      <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm" aria-label="Held messages">
        {rows.map((r) => (
          <li key={r.id} className="flex flex-wrap items-start gap-3 p-4" data-testid="review-row">
            <input
              type="checkbox"
              className="mt-1 h-4 w-4"
              checked={selected.has(r.id)}
              onChange={() => toggle(r.id)}
              aria-label={`Select the message from ${r.from ?? 'an unknown sender'}`}
            />
            <div className="min-w-0 flex-1 space-y-1 text-sm">
              <p className="break-words font-medium text-slate-900">
                {r.subject ? <DisplayText text={r.subject} max={LIST_TEXT_MAX} /> : '(no subject)'}
              </p>
              <p className="break-words text-slate-700">
                {r.fromName ? <DisplayText text={r.fromName} max={LIST_TEXT_MAX} /> : null} {r.from ?? 'Unknown sender'}
                {r.mailbox ? <span className="text-slate-500"> → {r.mailbox}</span> : null}
                <span className="text-slate-500"> · {r.when}</span>
              </p>
              <p className="text-xs">
                <span
                  className="rounded bg-amber-50 px-1.5 py-0.5 font-medium text-amber-900"
                  data-testid="review-reason"
                >
                  {r.reasonLabel}
                </span>{' '}
                <code className="text-slate-600">{r.decidedBy}</code>
                {r.caseNumber ? (
                  <>
                    {' '}
                    · about{' '}
                    <Link href={`/t/${slug}/cases/${r.caseNumber}`} className="text-indigo-700 underline">
                      case #{r.caseNumber}
                    </Link>
                  </>
                ) : null}
              </p>
              {r.check ? <p className="text-xs text-slate-600">{r.check}</p> : null}
              {r.confirmation ? (
                <p className="text-xs text-slate-600" data-testid="review-confirmation">
                  {r.confirmation}
                </p>
              ) : null}
            </div>
            <RowActions slug={slug} row={r} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function RowActions({ slug, row }: { slug: string; row: ReviewRow }) {
  const [confirming, setConfirming] = useState(false);
  const [released, release] = useActionState(releaseHeldAction, null);
  const [blocked, block] = useActionState(blockHeldSenderAction, null);
  const [notSpam, markNotSpam] = useActionState(notSpamAction, null);
  const [resent, resend] = useActionState(resendConfirmationAction, null);
  const error = [released, blocked, notSpam, resent].find((s) => s && !s.ok);
  // Block, resend and not spam: each a one-button form while it applies, then what it did.
  const actions = [
    {
      label: 'Block sender',
      pendingText: 'Blocking…',
      action: block,
      applies: Boolean(row.from),
      done: blocked?.ok ? `Blocked ${blocked.data.blocked}` : null,
    },
    {
      label: 'Resend confirmation',
      pendingText: 'Sending…',
      action: resend,
      applies: row.reviewReason === 'unknown-sender' && Boolean(row.from),
      done: resent?.ok ? `Confirmation asked of ${resent.data.to}` : null,
    },
    // Not spam releases the message: the row then says where it went (below).
    {
      label: 'Not spam',
      pendingText: 'Releasing…',
      action: markNotSpam,
      applies: row.reviewReason === 'spam',
      done: null,
    },
  ];
  if (released?.ok || notSpam?.ok) {
    const n = released?.ok ? released.data.caseNumbers[0] : notSpam?.ok ? notSpam.data.caseNumber : undefined;
    return (
      <p role="status" className="text-sm text-emerald-800">
        Released to{' '}
        <Link href={`/t/${slug}/cases/${n}`} className="underline">
          case #{n}
        </Link>
      </p>
    );
  }
  return (
    <div className="flex flex-col items-end gap-2 text-sm">
      {confirming ? (
        <ConfirmReleaseForm
          action={release}
          slug={slug}
          ids={[row.id]}
          label="Confirm release"
          question={
            row.caseNumber ? `Add it to case #${row.caseNumber}?` : 'Open a case from it (or add it to its case)?'
          }
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className="rounded-md border border-slate-300 px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50"
        >
          Release…
        </button>
      )}
      <div className="flex gap-2">
        {actions.map((a) => (
          <RowAction key={a.label} slug={slug} id={row.id} {...a} />
        ))}
      </div>
      <SmallError message={error && !error.ok ? error.error : null} />
    </div>
  );
}

/** The second step of a release (one row's, or the selected rows'): the question, confirm, or cancel. */
function ConfirmReleaseForm({
  action,
  slug,
  ids,
  label,
  question,
  onCancel,
}: {
  action: (formData: FormData) => void;
  slug: string;
  ids: string[];
  /** The form's name and its submit button's. */
  label: string;
  question: string;
  onCancel: () => void;
}) {
  return (
    <form action={action} className="flex items-center gap-2" aria-label={label}>
      <HiddenFields values={{ slug, ids: ids.join(',') }} />
      <span className="text-slate-700">{question}</span>
      <SubmitButton pendingText="Releasing…">{label}</SubmitButton>
      <button type="button" className="text-slate-600 underline" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

/** One row action: a one-button form naming the held message while it applies, or what it did. */
function RowAction({
  slug,
  id,
  label,
  pendingText,
  action,
  applies,
  done,
}: {
  slug: string;
  id: string;
  label: string;
  pendingText: string;
  action: (formData: FormData) => void;
  applies: boolean;
  done: string | null;
}) {
  if (done)
    return (
      <p role="status" className="text-emerald-800">
        {done}
      </p>
    );
  if (!applies) return null;
  return (
    <form action={action}>
      <HiddenFields values={{ slug, id }} />
      <SubmitButton variant="secondary" pendingText={pendingText}>
        {label}
      </SubmitButton>
    </form>
  );
}

function BulkRelease({ slug, ids, onDone }: { slug: string; ids: string[]; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [state, action] = useActionState(async (prev: unknown, form: FormData) => {
    const result = await releaseHeldAction(null, form);
    if (result?.ok) {
      setConfirming(false);
      onDone();
    }
    return result;
  }, null);
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      {confirming && ids.length ? (
        <ConfirmReleaseForm
          action={action}
          slug={slug}
          ids={ids}
          label="Confirm bulk release"
          question={`Release ${ids.length} message${ids.length === 1 ? '' : 's'} to cases?`}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <button
          type="button"
          disabled={!ids.length}
          onClick={() => setConfirming(true)}
          className="rounded-md border border-slate-300 px-3 py-1.5 font-medium disabled:opacity-50"
        >
          Release selected ({ids.length})
        </button>
      )}
      {state?.ok ? (
        <p role="status" className="text-emerald-800">
          Released {state.data.released}.
        </p>
      ) : state && !state.ok ? (
        <p role="alert" className="text-red-700">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
