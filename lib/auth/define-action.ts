// The one server-action helper: zod parse → auth → tenant → lib → AppError mapped to a form error.
// Usage in a 'use server' file:
//   export const inviteMember = defineAction({ auth: 'tenant', role: 'admin', schema: z.object({ role: roleSchema }) },
//     async (input, { tenant, user }) => withTenant(tenant.id, (tx) => createInvitation(tx, { … })));
// Tenant actions read the slug from a hidden `slug` form field and re-check the membership like a page does.
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { isAppError } from '@/lib/errors';
import { requireTenant, type TenantContext } from './require-tenant';
import { requireUser, type SessionUser } from './require-user';
import type { Role } from './roles';

export type ActionState<T = unknown> =
  | { ok: true; data: T; values?: Record<string, string> }
  | { ok: false; error: string; fieldErrors: Record<string, string>; values?: Record<string, string> }
  | null;

export type Action<T> = (prev: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;

type Schema = z.ZodType<unknown, Record<string, unknown>>;

export function defineAction<S extends Schema, T>(
  opts: { auth: 'public'; schema: S },
  fn: (input: z.output<S>, ctx: Record<string, never>) => Promise<T>,
): Action<T>;
export function defineAction<S extends Schema, T>(
  opts: { auth: 'user'; schema: S },
  fn: (input: z.output<S>, ctx: { user: SessionUser }) => Promise<T>,
): Action<T>;
export function defineAction<S extends Schema, T>(
  opts: { auth: 'tenant'; role?: Role; schema: S },
  fn: (input: z.output<S>, ctx: TenantContext) => Promise<T>,
): Action<T>;
export function defineAction<S extends Schema, T>(
  opts: { auth: 'public' | 'user' | 'tenant'; role?: Role; schema: S },
  fn: (input: z.output<S>, ctx: never) => Promise<T>,
): Action<T> {
  return async (_prev, formData) => {
    const raw = formDataToObject(formData);
    const values = echoValues(raw);
    try {
      const parsed = opts.schema.safeParse(raw);
      if (!parsed.success)
        return { ok: false, error: firstMessage(parsed.error), fieldErrors: fieldErrors(parsed.error), values };
      let ctx: unknown = {};
      if (opts.auth === 'user') ctx = { user: await requireUser() };
      if (opts.auth === 'tenant') ctx = await requireTenant(String(raw.slug ?? ''), { role: opts.role });
      return { ok: true, data: await fn(parsed.data, ctx as never), values };
    } catch (err) {
      unstable_rethrow(err); // redirect(), notFound(), forbidden() keep their meaning
      if (isAppError(err)) {
        const field = typeof err.details?.field === 'string' ? err.details.field : undefined;
        return { ok: false, error: err.message, fieldErrors: field ? { [field]: err.message } : {}, values };
      }
      if (err instanceof z.ZodError)
        return { ok: false, error: firstMessage(err), fieldErrors: fieldErrors(err), values };
      console.error('server action failed', err);
      return { ok: false, error: 'Something went wrong on our side. Try again.', fieldErrors: {}, values };
    }
  };
}

function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION')) continue;
    out[key] = value;
  }
  return out;
}

// Typed values come back so the form keeps them after an error; secrets never do.
function echoValues(raw: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw).filter(([k, v]) => typeof v === 'string' && !/password|token|secret/i.test(k)) as [
      string,
      string,
    ][],
  );
}

function firstMessage(err: z.ZodError): string {
  return err.issues[0]?.message ?? 'Check the form and try again.';
}

function fieldErrors(err: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = String(issue.path[0] ?? '');
    if (key && !out[key]) out[key] = issue.message;
  }
  return out;
}
