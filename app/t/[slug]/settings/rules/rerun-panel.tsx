'use client';
// Re-run the current rules on an ignored message (releasing it when they now let it through) or
// on open cases. Always a preview first; the change happens only on confirmation.
import { useId, useState, useTransition } from 'react';
import { FormError } from '@/app/_components/form-message';
import type { RecentMessage } from '@/lib/rules/list-recent-messages';
import type { CaseRerun, IgnoredRerun } from '@/lib/rules/rerun-rules';
import { rerunAction } from './actions';
import { callAction } from './call-action';
import { DisplayText } from '@/app/_components/display-text';

const input =
  'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500';
const primary =
  'rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60';
const secondary =
  'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-60';

type Answer = { ignored?: IgnoredRerun; cases?: CaseRerun[] };

export function RerunPanel({ slug, recent }: { slug: string; recent: RecentMessage[] }) {
  const id = useId();
  const ignored = recent.filter((m) => m.ignored && !m.ignored.released);
  const [target, setTarget] = useState<{ ignoredMessageId: string } | { caseNumbers: number[] } | null>(null);
  const [ignoredId, setIgnoredId] = useState(ignored[0]?.ignored?.id ?? '');
  const [numbers, setNumbers] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function send(what: NonNullable<typeof target>, confirm: boolean) {
    setError(null);
    startTransition(async () => {
      const res = await callAction(rerunAction, slug, { payload: JSON.stringify({ ...what, confirm }) });
      if (res?.ok) {
        setTarget(what);
        setAnswer(res.data as Answer);
        setConfirmed(confirm);
      } else setError(res?.error ?? 'The re-run failed.');
    });
  }

  const parsedNumbers = numbers
    .split(/[\s,]+/)
    .map((n) => Number(n.replace(/^#/, '')))
    .filter((n) => Number.isInteger(n) && n > 0);

  return (
    <section aria-labelledby={`${id}-h`} className="space-y-4">
      <h2 id={`${id}-h`} className="text-lg font-semibold">
        Re-run rules
      </h2>
      <p className="text-sm text-slate-600">
        Apply the current rules to a message that was ignored, or to open cases. You see what would change first, then
        confirm.
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        <div className="space-y-2 rounded-lg bg-white p-5 shadow-sm">
          <label htmlFor={`${id}-ignored`} className="block text-sm font-medium">
            Ignored message
          </label>
          <select
            id={`${id}-ignored`}
            value={ignoredId}
            onChange={(e) => setIgnoredId(e.target.value)}
            className={`${input} w-full`}
          >
            {ignored.length === 0 ? <option value="">No ignored messages</option> : null}
            {ignored.map((m) => (
              <option key={m.ignored!.id} value={m.ignored!.id}>
                <DisplayText text={m.subject ?? '(no subject)'} max={50} /> — {m.ignored!.reason}
              </option>
            ))}
          </select>
          <button
            type="button"
            className={secondary}
            disabled={pending || !ignoredId}
            onClick={() => send({ ignoredMessageId: ignoredId }, false)}
          >
            Preview
          </button>
        </div>
        <div className="space-y-2 rounded-lg bg-white p-5 shadow-sm">
          <label htmlFor={`${id}-cases`} className="block text-sm font-medium">
            Open cases (numbers, comma-separated)
          </label>
          <input
            id={`${id}-cases`}
            value={numbers}
            onChange={(e) => setNumbers(e.target.value)}
            placeholder="12, 15, 31"
            className={`${input} w-full`}
          />
          <button
            type="button"
            className={secondary}
            disabled={pending || parsedNumbers.length === 0}
            onClick={() => send({ caseNumbers: parsedNumbers }, false)}
          >
            Preview
          </button>
        </div>
      </div>
      <FormError message={error} />
      {answer && target ? (
        <div
          role="status"
          data-testid="rerun-result"
          className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 text-sm shadow-sm"
        >
          {answer.ignored ? <IgnoredAnswer a={answer.ignored} /> : null}
          {answer.cases ? (
            <ul className="space-y-1">
              {answer.cases.map((c) => (
                <li key={c.caseNumber}>
                  Case #{c.caseNumber}:{' '}
                  {c.skipped
                    ? `skipped (${c.skipped})`
                    : c.wouldIgnore
                      ? `a rule would ignore it (${c.wouldIgnore.reason}); the case is left as it is`
                      : Object.keys(c.changes).length
                        ? `${c.applied ? 'changed' : 'would change'} ${Object.entries(c.changes)
                            .map(([k, v]) => `${k} ${JSON.stringify(v.before)} → ${JSON.stringify(v.after)}`)
                            .join(', ')}`
                        : 'nothing to change'}
                </li>
              ))}
            </ul>
          ) : null}
          {!confirmed ? (
            <button type="button" className={primary} disabled={pending} onClick={() => send(target, true)}>
              Confirm and apply
            </button>
          ) : (
            <p className="font-medium text-emerald-800">Done.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}

function IgnoredAnswer({ a }: { a: IgnoredRerun }) {
  if (a.alreadyReleased) return <p>This message was released already.</p>;
  if (a.released) return <p>Released to case #{a.released.caseNumber}.</p>;
  if (a.now.outcome === 'ignored')
    return (
      <p>The current rules still ignore it ({a.now.reason}). Use “Release” on the ignored message to override them.</p>
    );
  return (
    <div>
      <p>The current rules let it through (it was ignored as {a.currentReason}): it would become case history.</p>
      {a.notes.length ? (
        <ul className="mt-1 list-disc pl-6">
          {a.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
