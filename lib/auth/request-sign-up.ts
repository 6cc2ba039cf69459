// Enumeration-proof sign-up (with SMTP_URL set): the form's answer is "check your email to finish"
// whether or not the address has an account, and it does the same work either way (the password is
// hashed, the address looked up, one mail queued without waiting for it):
//   new address      → a confirmation link (sign-up-link.ts, 24 h); the workspace is made when the
//                      person opens it and confirms (confirm-sign-up.ts)
//   existing account → the "someone tried to sign up with your address" note
// Without SMTP_URL the form keeps signing up at once (sign-up.ts): nobody would receive the link.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { sendSystemMailLater } from '@/lib/mail/send/send-system-mail';
import { takeAddressTry } from './address-throttle';
import type { MailingFormOptions } from './mailing-form-options';
import { hashPassword } from './password';
import { sealSignUpLink, SIGN_UP_LINK_TTL_MS } from './sign-up-link';
import { signUpInput, someoneTriedMail } from './sign-up';

export async function requestSignUp(
  input: z.input<typeof signUpInput>,
  { origin, now = new Date(), send = sendSystemMailLater, clientAddress = null }: MailingFormOptions,
): Promise<{ email: string }> {
  const { name, email, password, workspaceName } = signUpInput.parse(input);
  await takeAddressTry('sign-up', clientAddress, now);
  const passwordHash = await hashPassword(password);
  const [existing] = await withSystem((tx) =>
    tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`),
  );
  if (existing) {
    send(someoneTriedMail(email, origin));
    return { email };
  }
  const token = sealSignUpLink({ email, name, workspaceName, passwordHash, exp: now.getTime() + SIGN_UP_LINK_TTL_MS });
  send({
    to: email,
    subject: 'Confirm your Caseflow sign-up',
    text: [
      `Someone (hopefully you) signed up for Caseflow with this address, for the workspace "${workspaceName}".`,
      '',
      'Open this link to create it (it works for 24 hours):',
      `${origin.replace(/\/+$/, '')}/sign-up/confirm/${token}`,
      '',
      'If it was not you, ignore this message: nothing is created.',
    ].join('\n'),
  });
  return { email };
}
