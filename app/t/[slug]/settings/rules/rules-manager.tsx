'use client';
// The rule list of one scope (all mailboxes, or one mailbox): drag to reorder, or move with the
// Up/Down buttons (keyboard); enable, edit, delete; the editor for new and existing rules.
import { useState, useTransition } from 'react';
import { FormError } from '@/app/_components/form-message';
import { MailboxOptions } from '@/app/_components/mailbox-options';
import { Button } from '@/app/_components/submit-button';
import type { RuleView } from '@/lib/rules/rule-view';
import { deleteRuleAction, moveRuleAction, reorderRulesAction, toggleRuleAction } from './actions';
import { callAction } from './call-action';
import { describeAction, describeCondition } from './describe-rule';
import { RuleEditor } from './rule-editor';

type Props = {
  slug: string;
  rules: RuleView[];
  mailboxes: { id: string; email: string }[];
  members: { userId: string; email: string }[];
};

const button =
  'rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-40';

export function RulesManager({ slug, rules, mailboxes, members }: Props) {
  const [scope, setScope] = useState<string>('tenant');
  const [editing, setEditing] = useState<RuleView | 'new' | null>(null);
  const [dragId, setDragId] = useState<string | null>(null);
  const [optimistic, setOptimistic] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const inScope = rules.filter((r) => (scope === 'tenant' ? r.mailboxId === null : r.mailboxId === scope));
  const ordered = optimistic
    ? optimistic.map((id) => inScope.find((r) => r.id === id)).filter((r): r is RuleView => Boolean(r))
    : inScope;
  const memberEmail = (id: string) => members.find((m) => m.userId === id)?.email;
  const scopeName =
    scope === 'tenant' ? 'all mailboxes' : (mailboxes.find((m) => m.id === scope)?.email ?? 'this mailbox');

  function run(fn: () => Promise<{ ok: boolean; error?: string } | null>, done?: string) {
    setError(null);
    setStatus(null);
    startTransition(async () => {
      const result = await fn();
      if (result && !result.ok) setError(result.error ?? 'That did not work.');
      else if (done) setStatus(done);
      setOptimistic(null);
    });
  }

  function drop(targetId: string) {
    if (!dragId || dragId === targetId) return;
    const ids = ordered.map((r) => r.id);
    const from = ids.indexOf(dragId);
    ids.splice(from, 1);
    ids.splice(ids.indexOf(targetId) + (from <= ids.indexOf(targetId) ? 1 : 0), 0, dragId);
    setOptimistic(ids);
    setDragId(null);
    run(
      () =>
        callAction(reorderRulesAction, slug, {
          payload: JSON.stringify({ mailboxId: scope === 'tenant' ? null : scope, ruleIds: ids }),
        }),
      'Order saved.',
    );
  }

  return (
    <section aria-labelledby="rules-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="rules-heading" className="text-lg font-semibold">
            Rule lists
          </h2>
          <label htmlFor="rule-scope" className="mt-2 block text-sm font-medium text-slate-800">
            Rules for
          </label>
          <select
            id="rule-scope"
            value={scope}
            onChange={(e) => {
              setScope(e.target.value);
              setEditing(null);
            }}
            className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500"
          >
            <option value="tenant">All mailboxes (run first)</option>
            <MailboxOptions mailboxes={mailboxes} />
          </select>
        </div>
        <Button variant="primary" onClick={() => setEditing('new')}>
          New rule
        </Button>
      </div>

      <FormError message={error} />
      <p role="status" aria-live="polite" className="text-sm text-emerald-700">
        {pending ? 'Saving…' : status}
      </p>

      {ordered.length === 0 ? (
        <p className="rounded-lg bg-white p-4 text-sm text-slate-600 shadow-sm">No rules for {scopeName} yet.</p>
      ) : (
        <ol aria-label={`Rules for ${scopeName}, in the order they run`} className="space-y-2">
          {ordered.map((rule, i) => (
            <li
              key={rule.id}
              data-testid="rule-row"
              draggable
              onDragStart={(e) => {
                setDragId(rule.id);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                drop(rule.id);
              }}
              className={`rounded-lg border bg-white p-4 shadow-sm ${dragId === rule.id ? 'border-indigo-400 opacity-60' : 'border-slate-200'}`}
            >
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="font-medium">
                    <span
                      aria-hidden="true"
                      className="mr-2 cursor-grab select-none text-slate-400"
                      title="Drag to reorder"
                    >
                      ⋮⋮
                    </span>
                    {i + 1}. {rule.name}
                    {!rule.enabled ? (
                      <span className="ml-2 rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">disabled</span>
                    ) : null}
                  </p>
                  <p className="mt-1 text-sm text-slate-600">
                    When {rule.match === 'all' ? 'all' : 'any'} of: {rule.conditions.map(describeCondition).join('; ')}{' '}
                    → {rule.actions.map((a) => describeAction(a, memberEmail)).join(', ')}
                  </p>
                  {rule.problems.map((p) => (
                    <p key={p} className="mt-1 text-sm font-medium text-amber-800" data-testid="rule-problem">
                      ⚠ {p}
                    </p>
                  ))}
                </div>
                <div className="flex flex-wrap gap-1">
                  <button
                    type="button"
                    className={button}
                    disabled={pending || i === 0}
                    aria-label={`Move ${rule.name} up`}
                    onClick={() =>
                      run(
                        () => callAction(moveRuleAction, slug, { ruleId: rule.id, direction: 'up' }),
                        `Moved ${rule.name} up.`,
                      )
                    }
                  >
                    Up
                  </button>
                  <button
                    type="button"
                    className={button}
                    disabled={pending || i === ordered.length - 1}
                    aria-label={`Move ${rule.name} down`}
                    onClick={() =>
                      run(
                        () => callAction(moveRuleAction, slug, { ruleId: rule.id, direction: 'down' }),
                        `Moved ${rule.name} down.`,
                      )
                    }
                  >
                    Down
                  </button>
                  <button
                    type="button"
                    className={button}
                    aria-label={`Edit ${rule.name}`}
                    onClick={() => setEditing(rule)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className={button}
                    aria-label={`${rule.enabled ? 'Disable' : 'Enable'} ${rule.name}`}
                    onClick={() =>
                      run(() => callAction(toggleRuleAction, slug, { ruleId: rule.id, enabled: String(!rule.enabled) }))
                    }
                  >
                    {rule.enabled ? 'Disable' : 'Enable'}
                  </button>
                  <button
                    type="button"
                    className={`${button} text-red-700`}
                    aria-label={`Delete ${rule.name}`}
                    onClick={() => {
                      if (window.confirm(`Delete the rule “${rule.name}”?`))
                        run(() => callAction(deleteRuleAction, slug, { ruleId: rule.id }), 'Rule deleted.');
                    }}
                  >
                    Delete
                  </button>
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}

      {editing ? (
        <RuleEditor
          key={editing === 'new' ? `new-${scope}` : editing.id}
          slug={slug}
          rule={editing === 'new' ? null : editing}
          mailboxId={scope === 'tenant' ? null : scope}
          scopeName={scopeName}
          members={members}
          onDone={(message) => {
            setEditing(null);
            setStatus(message);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
    </section>
  );
}
