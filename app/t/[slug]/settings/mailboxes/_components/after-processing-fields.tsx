'use client';
// What happens to a message on the server once it is stored: deleted (the default) or moved to a folder
// (IMAP MOVE, else UID COPY + \Deleted + UID EXPUNGE of our UID only). Native radios: arrow keys move
// between the choices. An API mailbox (Graph, Gmail) passes its own wording of the choices.
import { useState } from 'react';
import { Field } from '@/app/_components/field';

type Choice = 'delete' | 'move';

const choices: { value: Choice; label: string; note: string }[] = [
  {
    value: 'delete',
    label: 'Delete it from the server (default)',
    note: 'Only after its bytes and its case are saved; “View original” keeps working.',
  },
  {
    value: 'move',
    label: 'Move it to a folder',
    note: 'Keeps the mail on the server; the folder is created when missing. Caseflow never reads it again.',
  },
];

export function AfterProcessingFields({
  afterProcessing,
  moveToFolder,
  idPrefix = 'mb',
  notes,
  moveField,
}: {
  afterProcessing?: Choice;
  moveToFolder?: string;
  /** Keeps ids unique when two forms on a page show these fields. */
  idPrefix?: string;
  /** What each choice does, where it differs from IMAP's (an API mailbox). */
  notes?: Record<Choice, string>;
  /** The folder field's label, hint and error, where they differ from IMAP's. */
  moveField?: { label: string; hint: string; error?: string };
}) {
  const [choice, setChoice] = useState<Choice>(afterProcessing ?? 'delete');
  return (
    <fieldset className="space-y-2" data-testid="after-processing">
      <legend className="text-sm font-semibold">After a message is stored</legend>
      {choices.map((c) => (
        <label key={c.value} className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="afterProcessing"
            value={c.value}
            checked={choice === c.value}
            onChange={() => setChoice(c.value)}
            className="mt-0.5 h-4 w-4"
          />
          <span>
            {c.label}
            <span className="block text-xs text-slate-500">{notes?.[c.value] ?? c.note}</span>
          </span>
        </label>
      ))}
      {choice === 'move' ? (
        <div className="pl-6">
          <Field
            id={`${idPrefix}-moveToFolder`}
            label={moveField?.label ?? 'Move to folder'}
            name="moveToFolder"
            required
            defaultValue={moveToFolder ?? 'Processed'}
            hint={
              moveField?.hint ??
              'Not the folder that is read. Nested folders use the server’s separator, e.g. INBOX/Processed or INBOX.Processed.'
            }
            error={moveField?.error}
          />
        </div>
      ) : null}
    </fieldset>
  );
}
