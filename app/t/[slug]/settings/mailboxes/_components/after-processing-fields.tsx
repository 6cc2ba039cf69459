'use client';
// What happens to a message on the server once it is stored: deleted (the default) or moved to a folder
// (IMAP MOVE, else UID COPY + \Deleted + UID EXPUNGE of our UID only). Native radios: arrow keys move
// between the choices.
import { useState } from 'react';

const input =
  'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-500';

export function AfterProcessingFields({
  afterProcessing,
  moveToFolder,
  idPrefix = 'mb',
}: {
  afterProcessing?: 'delete' | 'move';
  moveToFolder?: string;
  /** Keeps ids unique when two forms on a page show these fields. */
  idPrefix?: string;
}) {
  const folderId = `${idPrefix}-moveToFolder`;
  const [choice, setChoice] = useState<'delete' | 'move'>(afterProcessing ?? 'delete');
  return (
    <fieldset className="space-y-2" data-testid="after-processing">
      <legend className="text-sm font-semibold">After a message is stored</legend>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="radio"
          name="afterProcessing"
          value="delete"
          checked={choice === 'delete'}
          onChange={() => setChoice('delete')}
          className="mt-0.5 h-4 w-4"
        />
        <span>
          Delete it from the server (default)
          <span className="block text-xs text-slate-500">
            Only after its bytes and its case are saved; “View original” keeps working.
          </span>
        </span>
      </label>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="radio"
          name="afterProcessing"
          value="move"
          checked={choice === 'move'}
          onChange={() => setChoice('move')}
          className="mt-0.5 h-4 w-4"
        />
        <span>
          Move it to a folder
          <span className="block text-xs text-slate-500">
            Keeps the mail on the server; the folder is created when missing. Caseflow never reads it again.
          </span>
        </span>
      </label>
      {choice === 'move' ? (
        <div className="pl-6">
          <label htmlFor={folderId} className="block text-sm font-medium text-slate-800">
            Move to folder
          </label>
          <input
            id={folderId}
            name="moveToFolder"
            required
            defaultValue={moveToFolder ?? 'Processed'}
            className={input}
            aria-describedby={`${folderId}-hint`}
          />
          <p id={`${folderId}-hint`} className="mt-1 text-xs text-slate-500">
            Not the folder that is read. Nested folders use the server’s separator, e.g. INBOX/Processed or
            INBOX.Processed.
          </p>
        </div>
      ) : null}
    </fieldset>
  );
}
