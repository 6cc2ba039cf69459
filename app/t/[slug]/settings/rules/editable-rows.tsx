'use client';
// The editable lists of the rule editor (conditions, actions): each row ends with its own Remove button
// (disabled while it is the only row, since a rule needs one of each), and an Add button follows the rows.
import type { Dispatch, ReactNode, SetStateAction } from 'react';

const smallButton =
  'rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500';

export function EditableRows<T>({
  noun,
  rows,
  setRows,
  blank,
  children,
}: {
  /** "condition" → rows tagged data-testid="condition-row", buttons "Remove condition 2" and "Add condition". */
  noun: string;
  rows: T[];
  setRows: Dispatch<SetStateAction<T[]>>;
  /** The row the Add button appends. */
  blank: () => T;
  /** The row's own controls, given the row and its index. */
  children: (row: T, i: number) => ReactNode;
}) {
  return (
    <>
      {rows.map((row, i) => (
        <div key={i} className="flex flex-wrap items-start gap-2" data-testid={`${noun}-row`}>
          {children(row, i)}
          <button
            type="button"
            className={smallButton}
            aria-label={`Remove ${noun} ${i + 1}`}
            disabled={rows.length === 1}
            onClick={() => setRows((l) => l.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className={smallButton} onClick={() => setRows((l) => [...l, blank()])}>
        Add {noun}
      </button>
    </>
  );
}
