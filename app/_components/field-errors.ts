// The field errors of a form's last answer (a server action's ActionState): empty when it worked or has not run.
import type { ActionState } from '@/lib/auth/define-action';

export function fieldErrorsOf(state: ActionState<unknown>): Record<string, string> {
  return state && !state.ok ? state.fieldErrors : {};
}
