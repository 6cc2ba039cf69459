// Calls a server action from client code with plain fields (the slug included), as a form would.
import type { Action, ActionState } from '@/lib/auth/define-action';

export async function callAction<T>(
  action: Action<T>,
  slug: string,
  fields: Record<string, string>,
): Promise<ActionState<T>> {
  const form = new FormData();
  form.set('slug', slug);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return action(null, form);
}
