// The one server-action helper: zod parse → auth → tenant → lib → AppError mapped to a form error.
// Usage in a 'use server' file:
//   export const inviteMember = defineAction({ auth: 'tenant', role: 'admin', schema: z.object({ role: roleSchema }) },
//     async (input, { tx, tenant, actor }) => createInvitation(tx, { tenantId: tenant.id, role: input.role, actor }));
// - Tenant actions read the slug from a hidden `slug` form field and re-check the membership like a page does,
//   then run inside withTenant(tenant.id) and get its transaction as `tx` (RLS applies), as apiRoute does for
//   routes. A redirect() thrown inside still commits. Pass `transaction: false` for an action that talks to the
//   network or calls lib functions that open their own transaction; it gets no `tx`.
// - `actor` is the signed-in user as the audit log records it.
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { withTenant, type TenantTx } from '@/db/tenancy';
import type { AuditActor } from '@/lib/audit/record-audit';
import { isAppError } from '@/lib/errors';
import { fieldErrors, firstIssueMessage } from '@/lib/zod-issues';
import { requireTenant, type TenantContext } from './require-tenant';
import { requireUser, type SessionUser } from './require-user';
import type { Role } from './roles';

export type ActionState<T = unknown> =
  | { ok: true; data: T; values?: Record<string, string> }
  | { ok: false; error: string; fieldErrors: Record<string, string>; values?: Record<string, string> }
  | null;

export type Action<T> = (prev: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;

export type UserActor = Extract<AuditActor, { kind: 'user' }>;
export type UserActionContext = { user: SessionUser; actor: UserActor };
export type TenantActionContext = TenantContext & { actor: UserActor; tx: TenantTx };

type Schema = z.ZodType<unknown, Record<string, unknown>>;

export function defineAction<S extends Schema, T>(
  opts: { auth: 'public'; schema: S },
  fn: (input: z.output<S>, ctx: Record<string, never>) => Promise<T>,
): Action<T>;
export function defineAction<S extends Schema, T>(
  opts: { auth: 'user'; schema: S },
  fn: (input: z.output<S>, ctx: UserActionContext) => Promise<T>,
): Action<T>;
export function defineAction<S extends Schema, T>(
  opts: { auth: 'tenant'; role?: Role; schema: S; transaction: false },
  fn: (input: z.output<S>, ctx: Omit<TenantActionContext, 'tx'>) => Promise<T>,
): Action<T>;
export function defineAction<S extends Schema, T>(
  opts: { auth: 'tenant'; role?: Role; schema: S; transaction?: true },
  fn: (input: z.output<S>, ctx: TenantActionContext) => Promise<T>,
): Action<T>;
export function defineAction<S extends Schema, T>(
  opts: { auth: 'public' | 'user' | 'tenant'; role?: Role; schema: S; transaction?: boolean },
  fn: (input: z.output<S>, ctx: never) => Promise<T>,
): Action<T> {
  return async (_prev, formData) => {
    const raw = formDataToObject(formData);
    const values = echoValues(raw);
    try {
      const parsed = opts.schema.safeParse(raw);
      if (!parsed.success)
        return { ok: false, error: formMessage(parsed.error), fieldErrors: fieldErrors(parsed.error), values };
      if (opts.auth === 'public') return { ok: true, data: await fn(parsed.data, {} as never), values };
      if (opts.auth === 'user') {
        const user = await requireUser();
        return { ok: true, data: await fn(parsed.data, { user, actor: userActor(user) } as never), values };
      }
      const tenantCtx = await requireTenant(String(raw.slug ?? ''), { role: opts.role });
      const ctx = { ...tenantCtx, actor: userActor(tenantCtx.user) };
      if (opts.transaction === false) return { ok: true, data: await fn(parsed.data, ctx as never), values };
      return {
        ok: true,
        data: await inTenantTransaction(ctx, (tx) => fn(parsed.data, { ...ctx, tx } as never)),
        values,
      };
    } catch (err) {
      unstable_rethrow(err); // redirect(), notFound(), forbidden() keep their meaning
      if (isAppError(err)) {
        const field = typeof err.details?.field === 'string' ? err.details.field : undefined;
        return { ok: false, error: err.message, fieldErrors: field ? { [field]: err.message } : {}, values };
      }
      if (err instanceof z.ZodError)
        return { ok: false, error: formMessage(err), fieldErrors: fieldErrors(err), values };
      console.error('server action failed', err);
      return { ok: false, error: 'Something went wrong on our side. Try again.', fieldErrors: {}, values };
    }
  };
}

function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION')) continue;
    // Files come as a list (an <input type="file" multiple> repeats its name); other fields keep the last value.
    if (typeof value !== 'string') out[key] = [...(Array.isArray(out[key]) ? (out[key] as File[]) : []), value];
    else out[key] = value;
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

function formMessage(err: z.ZodError): string {
  return firstIssueMessage(err) ?? 'Check the form and try again.';
}

function userActor(user: SessionUser): UserActor {
  return { kind: 'user', userId: user.id };
}

/** withTenant for an action: a redirect() thrown after the writes commits them first, then redirects. */
async function inTenantTransaction<T>(ctx: TenantContext, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  const outcome = await withTenant(ctx.tenant.id, async (tx) => {
    try {
      return { value: await fn(tx) };
    } catch (err) {
      if (isRedirect(err)) return { redirect: err };
      throw err;
    }
  });
  if ('redirect' in outcome) throw outcome.redirect;
  return outcome.value;
}

// Next.js marks redirect() by its documented digest; notFound() and forbidden() still roll back.
function isRedirect(err: unknown): boolean {
  const digest = (err as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' && digest.startsWith('NEXT_REDIRECT');
}
