'use client';
// The simulator: paste or upload an .eml, or pick a stored message, and see what the mailbox would
// do with it now (nothing is changed).
import { useState, useTransition } from 'react';
import { Field, SelectField, TextAreaField } from '@/app/_components/field';
import { FormError } from '@/app/_components/form-message';
import { formatDate } from '@/app/_components/format-date';
import { MailboxOptions } from '@/app/_components/mailbox-options';
import { Section } from '@/app/_components/section';
import { SubmitButton } from '@/app/_components/submit-button';
import type { RecentMessage } from '@/lib/rules/list-recent-messages';
import type { Simulation } from '@/lib/rules/simulate-message';
import { simulateAction } from './actions';
import { callAction } from './call-action';
import { NoteList } from './note-list';
import { DisplayText, displayString, LIST_TEXT_MAX } from '@/app/_components/display-text';

const input =
  'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500';

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function SimulatorPanel({
  slug,
  mailboxes,
  recent,
}: {
  slug: string;
  mailboxes: { id: string; email: string }[];
  recent: RecentMessage[];
}) {
  const [mailboxId, setMailboxId] = useState(mailboxes[0]?.id ?? '');
  const [pasted, setPasted] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [stored, setStored] = useState('');
  const [result, setResult] = useState<Simulation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function simulate(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    startTransition(async () => {
      const fields: Record<string, string> = { mailboxId };
      if (stored) fields.rawMessageId = stored;
      else if (file) fields.rawBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
      else fields.rawBase64 = toBase64(new TextEncoder().encode(pasted.replace(/\r?\n/g, '\r\n')));
      const res = await callAction(simulateAction, slug, fields);
      if (res?.ok) setResult(res.data);
      else {
        setResult(null);
        setError(res?.error ?? 'The simulation failed.');
      }
    });
  }

  return (
    <Section id="simulator" title="Simulator" className="space-y-4">
      <p className="text-sm text-slate-600">
        See what a mailbox would do with a message under the current rules and sender lists. Nothing is stored or
        changed.
      </p>
      {mailboxes.length === 0 ? (
        <p className="text-sm text-slate-600">Connect a mailbox first.</p>
      ) : (
        <form onSubmit={simulate} className="space-y-3 rounded-lg bg-white p-5 shadow-sm">
          <SelectField
            label="Mailbox"
            name="mailboxId"
            value={mailboxId}
            onChange={(e) => setMailboxId(e.target.value)}
            className={input}
          >
            <MailboxOptions mailboxes={mailboxes} />
          </SelectField>
          <TextAreaField
            label="Paste the message source (headers and body)"
            name="pasted"
            rows={8}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            className={`${input} w-full font-mono text-xs`}
          />
          <div className="flex flex-wrap gap-6">
            <Field
              label="Or upload an .eml file"
              name="file"
              type="file"
              accept=".eml,message/rfc822"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              className="text-sm"
            />
            <SelectField
              label="Or pick a stored message"
              name="rawMessageId"
              value={stored}
              onChange={(e) => setStored(e.target.value)}
              className={`${input} max-w-md`}
            >
              <option value="">—</option>
              {recent.map((m) => (
                <option key={m.rawMessageId} value={m.rawMessageId}>
                  <DisplayText text={m.subject ?? '(no subject)'} max={60} /> — {m.from ?? 'unknown'}{' '}
                  {m.caseNumber ? `(case #${m.caseNumber})` : m.ignored ? `(ignored: ${m.ignored.reason})` : ''}
                </option>
              ))}
            </SelectField>
          </div>
          <SubmitButton pending={pending} pendingText="Simulating…">
            Simulate
          </SubmitButton>
        </form>
      )}
      <FormError message={error} />
      {result ? <SimulationResult result={result} /> : null}
    </Section>
  );
}

function outcomeText(r: Simulation): string {
  const o = r.outcome;
  switch (o.outcome) {
    case 'created':
      return `A new ${o.case.status} case, priority ${o.case.priority}${o.case.tags.length ? `, tagged ${o.case.tags.join(', ')}` : ''}${o.case.assignee ? `, assigned to ${o.case.assignee.email}` : ''}; ${o.case.acknowledge ? 'an acknowledgement is sent' : 'no acknowledgement'}.`;
    case 'appended':
      return `Added to case #${o.caseNumber} (matched by ${o.via})${o.reopened ? ', which reopens' : ''}.`;
    case 'ignored':
      if (o.kind === 'unknown-sender')
        return `Held for review: the sender is not a contact (${o.reason}). ${confirmationText(o)}`;
      if (o.kind === 'sender-confirmation')
        return `Kept as the sender’s confirmation (${o.reason}): the held message it answers opens its case.`;
      if (o.circuitBreaker)
        return `Ignored by the flood circuit breaker (${o.reason}): the sender has sent more than ${o.circuitBreaker.threshold} messages to this mailbox in ${o.circuitBreaker.windowMinutes} minutes. The message is stored, but opens no case.`;
      return `Ignored: ${o.reason} (${o.kind}).`;
    case 'quarantined':
      return `Quarantined: ${o.reason}.`;
  }
}

function confirmationText(o: Extract<Simulation['outcome'], { outcome: 'ignored' }>): string {
  const c = o.confirmation;
  if (!c) return 'The mailbox does not ask senders to confirm; an agent can release it.';
  if (c.requested) return 'A confirmation request is sent; once the sender confirms, the message opens its case.';
  if ('recentRequest' in c)
    return `No confirmation request is sent: one was sent to this sender for this mailbox on ${formatDate(new Date(c.recentRequest.sentAt))}, within ${c.recentRequest.windowHours} h (${c.refusal}); an agent can release it or resend the request.`;
  return `No confirmation request is sent (${c.refusal}); an agent can release it.`;
}

function senderFilterText(r: Simulation): string {
  const f = r.senderFilter;
  if (!f) return '—';
  if (f.accepts === 'anyone') return 'anyone may open a case';
  const who = f.senderIsContact
    ? 'the sender is a contact'
    : r.senderList?.kind === 'allowed'
      ? 'the sender is not a contact, but on the allowed list'
      : 'the sender is not a contact';
  return `existing contacts only (${f.confirmUnknownSenders ? 'others are asked to confirm' : 'others are held'}): ${who}`;
}

function verificationText(r: Simulation): string {
  if (!r.verification) return 'not checked';
  const auth = r.verification.senderAuth;
  if (!auth) return 'off for this mailbox';
  return `${auth.summary}${r.verification.enforced ? '' : ' (recorded only: not enforced)'}`;
}

function SimulationResult({ result }: { result: Simulation }) {
  return (
    <div
      role="status"
      data-testid="simulation-result"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 text-sm shadow-sm"
    >
      <p className="text-base font-semibold">{outcomeText(result)}</p>
      <dl className="grid grid-cols-[12rem_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-500">Message</dt>
        <dd>
          {result.message
            ? `${displayString(result.message.subject, LIST_TEXT_MAX)} — from ${result.message.from ?? 'unknown'}`
            : 'could not be read'}
        </dd>
        <dt className="text-slate-500">Classification</dt>
        <dd>
          {result.classification
            ? `${result.classification.verdict} (${result.classification.kind}), reason ${result.classification.reason}`
            : '—'}
        </dd>
        <dt className="text-slate-500">Sender verification</dt>
        <dd data-testid="simulation-sender-auth">{verificationText(result)}</dd>
        <dt className="text-slate-500">Spam</dt>
        <dd data-testid="simulation-spam">
          {!result.verification
            ? 'not checked'
            : result.verification.spam
              ? `spam: ${result.verification.spam.source} said ${result.verification.spam.detail}`
              : 'not spam (or the spam filter is off)'}
        </dd>
        <dt className="text-slate-500">Sender filter</dt>
        <dd data-testid="simulation-sender-filter">{senderFilterText(result)}</dd>
        <dt className="text-slate-500">Sender lists</dt>
        <dd>{result.senderList ? `${result.senderList.kind} (${result.senderList.pattern})` : 'not listed'}</dd>
        <dt className="text-slate-500">Thread</dt>
        <dd>
          {result.thread
            ? `case #${result.thread.caseNumber} (${result.thread.status}) via ${result.thread.via}`
            : 'no existing case'}
        </dd>
      </dl>
      <div>
        <p className="font-medium">
          Rules{result.rulesRan ? '' : ' (not run: the message was decided before the rules)'}
        </p>
        <ol className="mt-1 list-decimal space-y-1 pl-6">
          {result.rules.map((r) => (
            <li key={r.id}>
              {r.name} ({r.scope === 'tenant' ? 'all mailboxes' : 'this mailbox'}):{' '}
              {r.skipped === 'stopped'
                ? 'not evaluated (an earlier rule ended processing)'
                : r.skipped === 'invalid'
                  ? 'skipped (invalid)'
                  : r.matched === null
                    ? 'not evaluated'
                    : r.matched
                      ? 'matches'
                      : 'no match'}
              {r.problems.map((p) => (
                <span key={p} className="block text-amber-800">
                  ⚠ {p}
                </span>
              ))}
            </li>
          ))}
        </ol>
      </div>
      <NoteList notes={result.notes} className="text-slate-700" />
    </div>
  );
}
