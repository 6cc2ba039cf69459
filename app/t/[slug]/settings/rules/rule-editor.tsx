'use client';
// Create or edit one rule. Regexes are checked as you type with the same RE2 engine ingestion uses;
// the server checks everything again on save.
import { useId, useState, useTransition } from 'react';
import { FormError } from '@/app/_components/form-message';
import { Button, SubmitButton } from '@/app/_components/submit-button';
import { CASE_STATUSES } from '@/lib/cases/case-status';
import { describePatternProblem } from '@/lib/rules/compile-rule-pattern';
import {
  MESSAGE_KINDS,
  PRIORITIES,
  TEXT_FIELDS,
  TEXT_OPERATORS,
  type RuleAction,
  type RuleCondition,
} from '@/lib/rules/rule-schema';
import type { RuleView } from '@/lib/rules/rule-view';
import { saveRuleAction } from './actions';
import { callAction } from './call-action';
import { fieldLabels, operatorLabels } from './describe-rule';
import { EditableRows } from './editable-rows';

type Props = {
  slug: string;
  rule: RuleView | null;
  mailboxId: string | null;
  scopeName: string;
  members: { userId: string; email: string }[];
  onDone: (message: string) => void;
  onCancel: () => void;
};

// Editing state: loose (a half-typed tag list, a size in KB) until saved.
type DraftCondition = { field: RuleCondition['field']; header: string; operator: string; value: string };
type DraftAction = {
  type: RuleAction['type'];
  userId: string;
  status: string;
  priority: string;
  tags: string;
  block: string;
};

type SettingSelect = {
  key: 'userId' | 'status' | 'priority' | 'block';
  label: string;
  options: readonly (readonly [string, string])[];
};

const input =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500';

const actionLabels: Record<RuleAction['type'], string> = {
  ignore: 'Ignore (reason rule:<name>)',
  assign: 'Assign to',
  'set-status': 'Set status',
  'set-priority': 'Set priority',
  'add-tags': 'Add tags',
  'no-acknowledgement': 'Do not acknowledge',
  acknowledge: 'Acknowledge even if it looks automatic (allowed senders)',
  'mark-spam': 'Mark as spam',
  stop: 'Stop processing further rules',
};

const blankCondition = (): DraftCondition => ({ field: 'subject', header: '', operator: 'contains', value: '' });

function toDraftCondition(c: RuleCondition): DraftCondition {
  if (c.field === 'has-attachment') return { field: c.field, header: '', operator: 'equals', value: String(c.value) };
  if (c.field === 'size')
    return { field: c.field, header: '', operator: c.operator, value: String(Math.round(c.value / 1024)) };
  if (c.field === 'kind') return { field: c.field, header: '', operator: c.operator, value: c.value };
  return { field: c.field, header: c.header ?? '', operator: c.operator, value: c.value };
}

function toDraftAction(a: RuleAction): DraftAction {
  const base: DraftAction = { type: a.type, userId: '', status: 'pending', priority: 'high', tags: '', block: 'none' };
  if (a.type === 'assign') base.userId = a.userId;
  if (a.type === 'set-status') base.status = a.status;
  if (a.type === 'set-priority') base.priority = a.priority;
  if (a.type === 'add-tags') base.tags = a.tags.join(', ');
  if (a.type === 'mark-spam') base.block = a.block;
  return base;
}

function operatorsFor(field: DraftCondition['field']): string[] {
  if (field === 'size') return ['greater-than', 'less-than'];
  if (field === 'kind') return ['equals', 'not-equals'];
  if (field === 'has-attachment') return ['equals'];
  return [...TEXT_OPERATORS];
}

function toCondition(d: DraftCondition): unknown {
  if (d.field === 'has-attachment') return { field: d.field, value: d.value === 'true' };
  if (d.field === 'size') return { field: d.field, operator: d.operator, value: Math.round(Number(d.value) * 1024) };
  if (d.field === 'kind') return { field: d.field, operator: d.operator, value: d.value };
  return {
    field: d.field,
    operator: d.operator,
    value: d.value,
    ...(d.field === 'header' ? { header: d.header } : {}),
  };
}

function toAction(d: DraftAction): unknown {
  switch (d.type) {
    case 'assign':
      return { type: d.type, userId: d.userId };
    case 'set-status':
      return { type: d.type, status: d.status };
    case 'set-priority':
      return { type: d.type, priority: d.priority };
    case 'add-tags':
      return {
        type: d.type,
        tags: d.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      };
    case 'mark-spam':
      return { type: d.type, block: d.block };
    default:
      return { type: d.type };
  }
}

export function RuleEditor({ slug, rule, mailboxId, scopeName, members, onDone, onCancel }: Props) {
  const id = useId();
  const [name, setName] = useState(rule?.name ?? '');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [match, setMatch] = useState<'all' | 'any'>(rule?.match ?? 'all');
  const [conditions, setConditions] = useState<DraftCondition[]>(
    rule ? rule.conditions.map(toDraftCondition) : [blankCondition()],
  );
  const [actions, setActions] = useState<DraftAction[]>(
    rule ? rule.actions.map(toDraftAction) : [toDraftAction({ type: 'add-tags', tags: [] })],
  );
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const regexProblems = conditions.map((c) =>
    operatorsFor(c.field).includes(c.operator) && c.operator === 'matches' && c.field !== 'size'
      ? describePatternProblem(c.value)
      : null,
  );

  const setCondition = (i: number, patch: Partial<DraftCondition>) =>
    setConditions((list) =>
      list.map((c, j) => {
        if (j !== i) return c;
        const next = { ...c, ...patch };
        if (patch.field && !operatorsFor(next.field).includes(next.operator))
          next.operator = operatorsFor(next.field)[0];
        if (patch.field === 'has-attachment') next.value = 'true';
        if (patch.field === 'kind') next.value = 'list';
        if (patch.field === 'size') next.value = '1024';
        return next;
      }),
    );
  const setAction = (i: number, patch: Partial<DraftAction>) =>
    setActions((list) => list.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  // The setting an action type takes from a list, beside its type (add-tags takes free text instead).
  const settingSelects: Partial<Record<DraftAction['type'], SettingSelect>> = {
    assign: {
      key: 'userId',
      label: 'member',
      options: [['', 'Choose a member…'], ...members.map((m) => [m.userId, m.email] as const)],
    },
    'set-status': { key: 'status', label: 'status', options: CASE_STATUSES.map((s) => [s, s] as const) },
    'set-priority': { key: 'priority', label: 'priority', options: PRIORITIES.map((p) => [p, p] as const) },
    'mark-spam': {
      key: 'block',
      label: 'also block',
      options: [
        ['none', 'and do not block the sender'],
        ['address', 'and block the sender’s address'],
        ['domain', 'and block the sender’s domain'],
      ],
    },
  };

  function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const payload = {
      name,
      enabled,
      match,
      mailboxId,
      conditions: conditions.map(toCondition),
      actions: actions.map(toAction),
    };
    startTransition(async () => {
      const result = await callAction(saveRuleAction, slug, {
        payload: JSON.stringify(payload),
        ...(rule ? { ruleId: rule.id } : {}),
      });
      if (result?.ok) onDone(rule ? `Saved ${name}.` : `Created ${name}.`);
      else setError(result?.error ?? 'The rule could not be saved.');
    });
  }

  return (
    <form
      onSubmit={save}
      aria-labelledby={`${id}-title`}
      className="space-y-5 rounded-lg border border-indigo-200 bg-white p-5 shadow-sm"
    >
      <h3 id={`${id}-title`} className="text-base font-semibold">
        {rule ? `Edit “${rule.name}”` : `New rule for ${scopeName}`}
      </h3>
      <div className="flex flex-wrap items-end gap-4">
        <div className="space-y-1">
          <label htmlFor={`${id}-name`} className="block text-sm font-medium">
            Name
          </label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={100}
            className={`${input} w-72`}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-match`} className="block text-sm font-medium">
            Applies when
          </label>
          <select
            id={`${id}-match`}
            value={match}
            onChange={(e) => setMatch(e.target.value as 'all' | 'any')}
            className={input}
          >
            <option value="all">all conditions match</option>
            <option value="any">any condition matches</option>
          </select>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled
        </label>
      </div>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Conditions</legend>
        <EditableRows noun="condition" rows={conditions} setRows={setConditions} blank={blankCondition}>
          {(c, i) => {
            const n = i + 1;
            const problem = regexProblems[i];
            return (
              <>
                <HiddenLabelSelect
                  id={`${id}-c${i}-field`}
                  label={`Condition ${n} field`}
                  value={c.field}
                  onChange={(v) => setCondition(i, { field: v as DraftCondition['field'] })}
                  options={[...TEXT_FIELDS, 'has-attachment', 'size', 'kind'].map(
                    (f) => [f, fieldLabels[f as DraftCondition['field']]] as const,
                  )}
                />
                {c.field === 'header' ? (
                  <>
                    <label className="sr-only" htmlFor={`${id}-c${i}-header`}>{`Condition ${n} header name`}</label>
                    <input
                      id={`${id}-c${i}-header`}
                      placeholder="X-Priority"
                      value={c.header}
                      onChange={(e) => setCondition(i, { header: e.target.value })}
                      className={`${input} w-36`}
                    />
                  </>
                ) : null}
                {c.field !== 'has-attachment' ? (
                  <HiddenLabelSelect
                    id={`${id}-c${i}-op`}
                    label={`Condition ${n} operator`}
                    value={c.operator}
                    onChange={(v) => setCondition(i, { operator: v })}
                    options={operatorsFor(c.field).map((o) => [o, operatorLabels[o]] as const)}
                  />
                ) : null}
                <label className="sr-only" htmlFor={`${id}-c${i}-value`}>{`Condition ${n} value`}</label>
                {c.field === 'has-attachment' ? (
                  <select
                    id={`${id}-c${i}-value`}
                    value={c.value}
                    onChange={(e) => setCondition(i, { value: e.target.value })}
                    className={input}
                  >
                    <option value="true">yes</option>
                    <option value="false">no</option>
                  </select>
                ) : c.field === 'kind' ? (
                  <select
                    id={`${id}-c${i}-value`}
                    value={c.value}
                    onChange={(e) => setCondition(i, { value: e.target.value })}
                    className={input}
                  >
                    {MESSAGE_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {k}
                      </option>
                    ))}
                  </select>
                ) : c.field === 'size' ? (
                  <span className="flex items-center gap-1 text-sm">
                    <input
                      id={`${id}-c${i}-value`}
                      type="number"
                      min={0}
                      value={c.value}
                      onChange={(e) => setCondition(i, { value: e.target.value })}
                      className={`${input} w-28`}
                    />{' '}
                    KB
                  </span>
                ) : c.operator !== 'is-empty' ? (
                  <div className="min-w-64 flex-1">
                    <input
                      id={`${id}-c${i}-value`}
                      value={c.value}
                      onChange={(e) => setCondition(i, { value: e.target.value })}
                      aria-invalid={problem ? true : undefined}
                      aria-describedby={problem ? `${id}-c${i}-problem` : undefined}
                      placeholder={c.operator === 'matches' ? 'RE2 regular expression, e.g. ^invoice\\s+\\d+' : ''}
                      className={`${input} w-full ${problem ? 'border-red-500' : ''} ${c.operator === 'matches' ? 'font-mono' : ''}`}
                    />
                    {problem ? (
                      <p id={`${id}-c${i}-problem`} role="alert" className="mt-1 text-sm text-red-700">
                        {problem}
                      </p>
                    ) : null}
                  </div>
                ) : null}
              </>
            );
          }}
        </EditableRows>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Actions, in order</legend>
        <EditableRows
          noun="action"
          rows={actions}
          setRows={setActions}
          blank={() => toDraftAction({ type: 'no-acknowledgement' })}
        >
          {(a, i) => {
            const n = i + 1;
            const setting = settingSelects[a.type];
            return (
              <>
                <HiddenLabelSelect
                  id={`${id}-a${i}-type`}
                  label={`Action ${n}`}
                  value={a.type}
                  onChange={(v) => setAction(i, { type: v as DraftAction['type'] })}
                  options={Object.entries(actionLabels)}
                />
                {setting ? (
                  <HiddenLabelSelect
                    id={`${id}-a${i}-${setting.key}`}
                    label={`Action ${n} ${setting.label}`}
                    value={a[setting.key]}
                    onChange={(v) => setAction(i, { [setting.key]: v })}
                    options={setting.options}
                  />
                ) : null}
                {a.type === 'add-tags' ? (
                  <>
                    <label className="sr-only" htmlFor={`${id}-a${i}-tags`}>
                      {`Action ${n} tags, comma-separated`}
                    </label>
                    <input
                      id={`${id}-a${i}-tags`}
                      value={a.tags}
                      placeholder="billing, vip"
                      onChange={(e) => setAction(i, { tags: e.target.value })}
                      className={`${input} w-56`}
                    />
                  </>
                ) : null}
              </>
            );
          }}
        </EditableRows>
      </fieldset>

      <FormError message={error} />
      <div className="flex gap-2">
        <SubmitButton pending={pending} disabled={regexProblems.some(Boolean)} pendingText="Saving…">
          Save rule
        </SubmitButton>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

/** A select whose label only screen readers read (the row around it shows what it is). */
function HiddenLabelSelect({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (readonly [string, string])[];
}) {
  return (
    <>
      <label className="sr-only" htmlFor={id}>
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={input}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </>
  );
}
