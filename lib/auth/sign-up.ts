// Sign-up: a new user, their workspace (tenant) and the owner membership, with a slug made from the name.
// An address that already has an account gets a neutral refusal (never "an account exists") and its owner
// gets a note by mail. That refusal still differs from a new address's answer (an account at once): with
// SMTP_URL set the form uses requestSignUp instead (request-sign-up.ts), which answers both alike.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError, isAppError } from '@/lib/errors';
import { createTenant, type CreatedTenant } from '@/lib/tenants/create-tenant';
import { emailSchema, slugify, tenantNameSchema } from '@/lib/tenants/schemas';
import { sendSystemMailLater, type SystemMail } from '@/lib/mail/send/send-system-mail';
import { takeAddressTry } from './address-throttle';
import type { MailingFormOptions } from './mailing-form-options';
import { passwordSchema } from './password';

export const signUpRefusedMessage =
  'We could not create an account with these details. If you already have an account, sign in or reset your password.';

export const signUpInput = z.object({
  /** Shown to teammates instead of the bare address (history, assignee lists). */
  name: z
    .string()
    .trim()
    .max(100, 'Use at most 100 characters for your name.')
    .optional()
    .transform((v) => v || undefined),
  email: emailSchema,
  password: passwordSchema,
  workspaceName: tenantNameSchema,
});

export async function signUp(
  input: z.input<typeof signUpInput>,
  { origin, now = new Date(), send = sendSystemMailLater, clientAddress = null }: Partial<MailingFormOptions> = {},
): Promise<CreatedTenant> {
  const { name, email, password, workspaceName } = signUpInput.parse(input);
  await takeAddressTry('sign-up', clientAddress, now);
  const refuse = () => {
    send(someoneTriedMail(email, origin));
    return new AppError('conflict', signUpRefusedMessage, { field: 'email' });
  };
  return createWorkspace({ email, password, name }, workspaceName, refuse);
}

/** The note to an address that already has an account, when someone signs up with it. */
export function someoneTriedMail(email: string, origin: string | undefined): SystemMail {
  const base = origin?.replace(/\/+$/, '') ?? '';
  return {
    to: email,
    subject: 'Someone tried to create a Caseflow account with your address',
    text: [
      'Someone tried to sign up for Caseflow with this address, which already has an account.',
      `If it was you, sign in${base ? ` at ${base}/sign-in` : ''}, or reset your password${base ? ` at ${base}/forgot-password` : ''}.`,
      'If it was not you, nothing changed: you can ignore this message.',
    ].join('\n'),
  };
}

/**
 * The workspace and its owner, with a slug made from the name: the plain slug first, on a clash a short
 * random suffix (a few tries cover any realistic race). An address taken meanwhile throws `emailTaken()`.
 */
export async function createWorkspace(
  owner: { email: string; name?: string } & ({ password: string } | { passwordHash: string }),
  workspaceName: string,
  emailTaken: () => Error,
): Promise<CreatedTenant> {
  const base = slugify(workspaceName).replace(/-+$/, '') || 'team';
  const padded = base.length < 2 ? `${base}-team` : base;
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? padded : `${padded.slice(0, 40)}-${randomBytes(3).toString('hex')}`;
    try {
      return await createTenant({ name: workspaceName, slug, owner });
    } catch (err) {
      if (isAppError(err) && err.code === 'conflict' && err.details?.field === 'slug') continue;
      if (isAppError(err) && err.code === 'conflict' && err.details?.field === 'email') throw emailTaken();
      // Two sign-ups racing past the existence checks: the unique indexes decide, with the same answers.
      const constraint = uniqueViolation(err);
      if (constraint?.includes('slug')) continue;
      if (constraint?.includes('email')) throw emailTaken();
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
