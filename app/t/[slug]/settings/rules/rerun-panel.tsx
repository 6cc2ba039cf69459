'use client';
// Re-run the current rules on an ignored message (releasing it when they now let it through) or
// on open cases. Always a preview first; the change happens only on confirmation.
import { useState, useTransition } from 'react';
import { Field, SelectField } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { Section } from '@/app/_components/section';
import { Button } from '@/app/_components/submit-button';
import type { RecentMessage } from '@/lib/rules/list-recent-messages';
import type { CaseRerun, IgnoredRerun } from '@/lib/rules/rerun-rules';
import { rerunAction } from './actions';
import { callAction } from './call-action';
import { NoteList } from './note-list';
import { DisplayText } from '@/app/_components/display-text';

type Answer = { ignored?: IgnoredRerun; cases?: CaseRerun[] };
type Target = { ignoredMessageId: string } | { caseNumbers: number[] };

export function RerunPanel({ slug, recent }: { slug: string; recent: RecentMessage[] }) {
  const ignored = recent.filter((m) => m.ignored && !m.ignored.released);
  const [target, setTarget] = useState<Target | null>(null);
  const [ignoredId, setIgnoredId] = useState(ignored[0]?.ignored?.id ?? '');
  const [numbers, setNumbers] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function send(what: Target, confirm: boolean) {
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
    <Section id="rerun" title="Re-run rules" className="space-y-4">
      <p className="text-sm text-slate-600">
        Apply the current rules to a message that was ignored, or to open cases. You see what would change first, then
        confirm.
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        <PreviewCard
          target={ignoredId ? { ignoredMessageId: ignoredId } : null}
          pending={pending}
          onPreview={(what) => send(what, false)}
        >
          <SelectField
            label="Ignored message"
            name="ignoredMessageId"
            value={ignoredId}
            onChange={(e) => setIgnoredId(e.target.value)}
          >
            {ignored.length === 0 ? <option value="">No ignored messages</option> : null}
            {ignored.map((m) => (
              <option key={m.ignored!.id} value={m.ignored!.id}>
                <DisplayText text={m.subject ?? '(no subject)'} max={50} /> — {m.ignored!.reason}
              </option>
            ))}
          </SelectField>
        </PreviewCard>
        <PreviewCard
          target={parsedNumbers.length ? { caseNumbers: parsedNumbers } : null}
          pending={pending}
          onPreview={(what) => send(what, false)}
        >
          <Field
            label="Open cases (numbers, comma-separated)"
            name="caseNumbers"
            value={numbers}
            onChange={(e) => setNumbers(e.target.value)}
            placeholder="12, 15, 31"
          />
        </PreviewCard>
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
            <Button variant="primary" disabled={pending} onClick={() => send(target, true)}>
              Confirm and apply
            </Button>
          ) : (
            <p className="font-medium text-emerald-800">Done.</p>
          )}
        </div>
      ) : null}
    </Section>
  );
}

/** One way to choose what to re-run, with its Preview button (disabled until something is chosen). */
function PreviewCard({
  target,
  pending,
  onPreview,
  children,
}: {
  target: Target | null;
  pending: boolean;
  onPreview: (target: Target) => void;
  children: React.ReactNode;
}) {
  return (
    <div className="space-y-2 rounded-lg bg-white p-5 shadow-sm">
      {children}
      <Button disabled={pending || !target} onClick={() => target && onPreview(target)}>
        Preview
      </Button>
    </div>
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
      <NoteList notes={a.notes} className="mt-1" />
    </div>
  );
}
