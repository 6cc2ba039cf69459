'use client';
// The rows of the triage list: unread marker, preview line, priority and tag chips, relative times, and
// a checkbox per row for bulk changes (assign, status, priority, tags) applied to every selected case.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { DisplayText, LIST_TEXT_MAX } from '@/app/_components/display-text';
import { RelativeTime } from '@/app/_components/relative-time';
import { StatusBadge } from '@/app/_components/status-badge';
import type { CaseRow } from '../_lib/case-row';
import { bulkMergeCasesAction, bulkUpdateCasesAction } from './actions';

export type MemberOption = { userId: string; label: string };

const priorityStyle: Record<CaseRow['priority'], string> = {
  urgent: 'bg-red-100 text-red-800 ring-red-200',
  high: 'bg-orange-50 text-orange-800 ring-orange-200',
  normal: 'bg-slate-50 text-slate-600 ring-slate-200',
  low: 'bg-slate-50 text-slate-500 ring-slate-200',
};

export function PriorityChip({ priority }: { priority: CaseRow['priority'] }) {
  return (
    <span
      className={`rounded-full px-2 py-0.5 text-xs font-medium capitalize ring-1 ring-inset ${priorityStyle[priority]}`}
      data-testid="priority-chip"
    >
      {priority}
    </span>
  );
}

export function TagChip({ tag, href }: { tag: string; href?: string }) {
  const cls = 'relative z-10 rounded bg-indigo-50 px-1.5 py-0.5 text-xs text-indigo-800 hover:underline';
  return href ? (
    <Link href={href} className={cls} data-testid="tag-chip">
      <bdi>{tag}</bdi>
    </Link>
  ) : (
    <span className={cls} data-testid="tag-chip">
      <bdi>{tag}</bdi>
    </span>
  );
}

export function TriageRows({
  slug,
  items,
  members,
  tagQuery,
}: {
  slug: string;
  items: CaseRow[];
  members: MemberOption[];
  /** The list's query without its tag: a tag chip links to it with that tag. */
  tagQuery: string;
}) {
  const tagHref = (tag: string) => {
    const q = new URLSearchParams(tagQuery);
    q.set('tag', tag);
    return `/t/${slug}/cases?${q}`;
  };
  const router = useRouter();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const visible = new Set(items.map((c) => c.number));
  const chosen = [...selected].filter((n) => visible.has(n));
  const allChosen = chosen.length > 0 && chosen.length === items.length;

  const toggle = (n: number, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(n);
      else next.delete(n);
      return next;
    });

  const apply = (field: string, value: string, label: string) => {
    if (!value || !chosen.length) return;
    const fd = new FormData();
    fd.set('slug', slug);
    fd.set('numbers', chosen.join(','));
    fd.set(field, value);
    startTransition(async () => {
      const result = await bulkUpdateCasesAction(null, fd);
      if (result?.ok) {
        setMessage({ ok: true, text: `${label}: ${chosen.length} ${chosen.length === 1 ? 'case' : 'cases'}.` });
        setSelected(new Set());
        router.refresh();
      } else setMessage({ ok: false, text: result?.error ?? 'That did not work; try again.' });
    });
  };

  const merge = () => {
    const [into, ...rest] = [...chosen].sort((a, b) => a - b);
    if (!rest.length) return;
    const list = rest.map((n) => `#${n}`).join(', ');
    if (!window.confirm(`Merge ${list} into #${into}? Their history moves to #${into}.`)) return;
    const fd = new FormData();
    fd.set('slug', slug);
    fd.set('numbers', chosen.join(','));
    startTransition(async () => {
      const result = await bulkMergeCasesAction(null, fd);
      if (result?.ok) {
        setMessage({ ok: true, text: `Merged ${list} into #${into}.` });
        setSelected(new Set());
        router.refresh();
      } else setMessage({ ok: false, text: result?.error ?? 'That did not work; try again.' });
    });
  };

  return (
    <div className="space-y-2">
      <div
        className="flex flex-wrap items-center gap-2 rounded-lg bg-white px-3 py-2 text-sm shadow-sm"
        data-testid="bulk-bar"
        aria-label="Bulk actions"
        role="toolbar"
      >
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={allChosen}
            onChange={(e) => setSelected(e.target.checked ? new Set(items.map((c) => c.number)) : new Set())}
            aria-label="Select all cases on this page"
          />
          <span data-testid="bulk-count">{chosen.length ? `${chosen.length} selected` : 'Select'}</span>
        </label>
        {chosen.length ? (
          <>
            <BulkSelect label="Assign" disabled={pending} onPick={(v, t) => apply('assignee', v, `Assigned to ${t}`)}>
              <option value="me">Me</option>
              <option value="none">Nobody (unassign)</option>
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.label}
                </option>
              ))}
            </BulkSelect>
            <BulkSelect label="Status" disabled={pending} onPick={(v, t) => apply('status', v, `Set ${t}`)}>
              <option value="open">Open</option>
              <option value="pending">Pending</option>
              <option value="closed">Closed</option>
            </BulkSelect>
            <BulkSelect label="Priority" disabled={pending} onPick={(v, t) => apply('priority', v, `Priority ${t}`)}>
              <option value="urgent">Urgent</option>
              <option value="high">High</option>
              <option value="normal">Normal</option>
              <option value="low">Low</option>
            </BulkSelect>
            <BulkTag disabled={pending} onAdd={(tag) => apply('addTag', tag, `Tagged “${tag}”`)} />
            {chosen.length > 1 ? (
              <button
                type="button"
                disabled={pending}
                onClick={merge}
                data-testid="bulk-merge"
                className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-50"
              >
                Merge into oldest
              </button>
            ) : null}
          </>
        ) : null}
        {message ? (
          <span role={message.ok ? 'status' : 'alert'} className={message.ok ? 'text-emerald-800' : 'text-red-700'}>
            {message.text}
          </span>
        ) : null}
      </div>
      <ul
        className="divide-y divide-slate-200 overflow-hidden rounded-lg bg-white shadow-sm"
        data-testid="case-list"
        aria-label="Cases"
      >
        {items.map((c) => (
          <li
            key={c.number}
            data-testid="case-row"
            data-case-number={c.number}
            data-unread={c.unread ? 'true' : undefined}
            className={`relative flex gap-3 px-3 py-2.5 focus-within:bg-indigo-50 hover:bg-slate-50 ${c.unread ? 'bg-sky-50/60' : ''}`}
          >
            <input
              type="checkbox"
              className="relative z-10 mt-1 shrink-0"
              checked={selected.has(c.number)}
              onChange={(e) => toggle(c.number, e.target.checked)}
              aria-label={`Select case #${c.number}`}
              data-testid="case-select"
            />
            <div className="min-w-0 flex-1">
              <div className="flex items-center gap-2">
                {c.unread ? (
                  <span className="h-2 w-2 shrink-0 rounded-full bg-sky-600" data-testid="unread-marker">
                    <span className="sr-only">Unread</span>
                  </span>
                ) : null}
                <span className="shrink-0 text-xs tabular-nums text-slate-500">#{c.number}</span>
                <Link
                  href={`/t/${slug}/cases/${c.number}`}
                  className={`min-w-0 flex-1 truncate text-slate-900 after:absolute after:inset-0 focus:outline-none ${c.unread ? 'font-semibold' : 'font-medium'}`}
                  data-testid="case-link"
                >
                  <DisplayText text={c.subject} max={LIST_TEXT_MAX} />
                </Link>
                <RelativeTime iso={c.lastActivityAt} className="shrink-0 text-xs text-slate-500" />
              </div>
              {c.preview ? (
                <p className="mt-0.5 truncate text-sm text-slate-600" data-testid="case-preview">
                  <bdi>{c.preview}</bdi>
                </p>
              ) : null}
              <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
                <StatusBadge status={c.status} />
                {c.priority !== 'normal' ? <PriorityChip priority={c.priority} /> : null}
                {c.tags.map((t) => (
                  <TagChip key={t} tag={t} href={tagHref(t)} />
                ))}
                <span className="max-w-[16rem] truncate" title={c.requester.email}>
                  {c.requester.name ? <DisplayText text={c.requester.name} max={LIST_TEXT_MAX} /> : c.requester.email}
                </span>
                <span data-testid="case-assignee">
                  {c.assigneeLabel ? `Assigned to ${c.assigneeLabel}` : 'Unassigned'}
                </span>
                {c.mailboxEmail ? <span>{c.mailboxEmail}</span> : null}
                {c.imported ? <span className="rounded bg-slate-100 px-1.5 text-slate-600">imported</span> : null}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function BulkSelect({
  label,
  disabled,
  onPick,
  children,
}: {
  label: string;
  disabled: boolean;
  onPick: (value: string, text: string) => void;
  children: React.ReactNode;
}) {
  return (
    <select
      aria-label={label}
      disabled={disabled}
      value=""
      onChange={(e) => onPick(e.target.value, e.target.selectedOptions[0]?.text ?? e.target.value)}
      className="rounded-md border border-slate-300 px-2 py-1 text-sm"
      data-testid={`bulk-${label.toLowerCase()}`}
    >
      <option value="">{label}…</option>
      {children}
    </select>
  );
}

function BulkTag({ disabled, onAdd }: { disabled: boolean; onAdd: (tag: string) => void }) {
  const [tag, setTag] = useState('');
  return (
    <form
      className="flex items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        if (tag.trim()) onAdd(tag.trim());
        setTag('');
      }}
    >
      <input
        value={tag}
        onChange={(e) => setTag(e.target.value)}
        placeholder="Add tag"
        aria-label="Tag to add"
        className="w-28 rounded-md border border-slate-300 px-2 py-1 text-sm"
        disabled={disabled}
      />
      <button
        type="submit"
        disabled={disabled}
        className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50"
      >
        Tag
      </button>
    </form>
  );
}
