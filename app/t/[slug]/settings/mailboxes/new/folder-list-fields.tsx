'use client';
// Further IMAP folders the mailbox reads besides its own, each with defaults for the cases it opens
// (assignee, tags). Posted as one JSON field; the server checks every folder (lib/mailboxes/mailbox-folders.ts).
import { useState, type ReactNode } from 'react';
import { ActionButton } from '../_components/action-button';

export type MemberOption = { userId: string; email: string; name: string | null };
type Row = { key: number; name: string; assignee: string; tags: string };

const input =
  'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500';

export function FolderListFields({ members }: { members: MemberOption[] }) {
  const [rows, setRows] = useState<Row[]>([]);
  const [next, setNext] = useState(1);
  const update = (key: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const value = JSON.stringify(
    rows
      .filter((r) => r.name.trim())
      .map((r) => ({
        name: r.name.trim(),
        assignee: r.assignee || null,
        tags: r.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      })),
  );
  return (
    <fieldset className="space-y-3" data-testid="wizard-folders">
      <legend className="text-sm font-semibold">Further folders (optional)</legend>
      <p className="text-xs text-slate-500">
        Read more folders of this mailbox, e.g. one a server rule files invoices into. Cases from a folder get its
        assignee and tags (a rule’s assignee wins). What a folder holds when it is first read is imported as Closed.
      </p>
      <input type="hidden" name="extraFolders" value={value} />
      {rows.map((r, i) => {
        // The row's two text inputs (its name and its tags); the assignee is a select.
        const text = (field: 'name' | 'tags', label: string, placeholder: string) => (
          <Cell id={`folder-${r.key}-${field}`} label={label}>
            <input
              id={`folder-${r.key}-${field}`}
              value={r[field]}
              onChange={(e) => update(r.key, { [field]: e.target.value })}
              placeholder={placeholder}
              className={input}
            />
          </Cell>
        );
        return (
          <div
            key={r.key}
            className="grid gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-[1fr_1fr_1fr_auto]"
            data-testid="wizard-folder-row"
          >
            {text('name', `Folder ${i + 1}`, 'Billing')}
            <Cell id={`folder-${r.key}-assignee`} label="Assign its cases to">
              <select
                id={`folder-${r.key}-assignee`}
                value={r.assignee}
                onChange={(e) => update(r.key, { assignee: e.target.value })}
                className={input}
              >
                <option value="">Nobody</option>
                {members.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name ? `${m.name} (${m.email})` : m.email}
                  </option>
                ))}
              </select>
            </Cell>
            {text('tags', 'Tags (comma-separated)', 'billing, invoices')}
            <button
              type="button"
              onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
              className="self-end rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
              aria-label={`Remove folder ${i + 1}`}
            >
              Remove
            </button>
          </div>
        );
      })}
      <ActionButton
        variant="secondary"
        onClick={() => {
          setRows((rs) => [...rs, { key: next, name: '', assignee: '', tags: '' }]);
          setNext(next + 1);
        }}
      >
        Add a folder
      </ActionButton>
    </fieldset>
  );
}

/** One labelled control of a folder's row (the controls have no `name`: the row is posted as JSON). */
function Cell({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
    </div>
  );
}
