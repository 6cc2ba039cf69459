// Sign-up: a new user, their workspace (tenant) and the owner membership, with a slug made from the name.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError, isAppError } from '@/lib/errors';
import { createTenant, type CreatedTenant } from '@/lib/tenants/create-tenant';
import { emailSchema, slugify, tenantNameSchema } from '@/lib/tenants/schemas';
import { passwordSchema } from './password';

export const signUpInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  workspaceName: tenantNameSchema,
});

export async function signUp(input: z.input<typeof signUpInput>): Promise<CreatedTenant> {
  const { email, password, workspaceName } = signUpInput.parse(input);
  const base = slugify(workspaceName).replace(/-+$/, '') || 'team';
  const padded = base.length < 2 ? `${base}-team` : base;
  // The plain slug first; on a clash a short random suffix (a few tries cover any realistic race).
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? padded : `${padded.slice(0, 40)}-${randomBytes(3).toString('hex')}`;
    try {
      return await createTenant({ name: workspaceName, slug, owner: { email, password } });
    } catch (err) {
      if (isAppError(err) && err.code === 'conflict' && err.details?.field === 'slug') continue;
      // Two sign-ups racing past the existence checks: the unique indexes decide, with the same answers.
      const constraint = uniqueViolation(err);
      if (constraint?.includes('slug')) continue;
      if (constraint?.includes('email'))
        throw new AppError('conflict', 'An account with this email already exists. Sign in instead.', {
          field: 'email',
        });
      throw err;
    }
  }
  throw new AppError('conflict', 'Could not find a free address for this workspace. Try another name.', {
    field: 'workspaceName',
  });
}

function uniqueViolation(err: unknown): string | null {
  for (
    let e = err as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown } | undefined, i = 0;
    e && i < 3;
    e = e.cause as typeof e, i++
  ) {
    if (e.code === '23505') return e.constraint_name ?? e.constraint ?? '';
  }
  return null;
}
