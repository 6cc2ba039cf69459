// What a settings form says after it is sent: the error (announced as an alert) or, once saved, a status line.
import { FormError } from '@/app/_components/form-message';
import type { ActionState } from '@/lib/auth/define-action';

export function FormOutcome({
  state,
  error,
  saved = 'Saved.',
  savedTestId,
}: {
  state: ActionState<unknown>;
  /** A problem found before sending (it wins over the server's answer). */
  error?: string | null;
  saved?: React.ReactNode;
  savedTestId?: string;
}) {
  return (
    <>
      <FormError message={error ?? (state && !state.ok ? state.error : null)} />
      {state?.ok ? (
        <p role="status" className="text-sm text-emerald-800" data-testid={savedTestId}>
          {saved}
        </p>
      ) : null}
    </>
  );
}
