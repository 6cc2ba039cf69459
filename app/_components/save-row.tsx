// The last line of a form that saves settings in place: its Save button ("Saving…" while it sends) and
// "Saved." beside it once the last send worked. Usage:
//   <SaveRow saved={Boolean(state?.ok)}>Save name</SaveRow>
import type { ReactNode } from 'react';
import { SavedNote } from './form-message';
import { SubmitButton } from './submit-button';

export function SaveRow({
  saved,
  variant,
  children,
}: {
  saved: boolean;
  variant?: 'primary' | 'secondary';
  /** The button's text. */
  children: ReactNode;
}) {
  return (
    <div className="flex items-center gap-3">
      <SubmitButton variant={variant} pendingText="Saving…">
        {children}
      </SubmitButton>
      <SavedNote show={saved} />
    </div>
  );
}
