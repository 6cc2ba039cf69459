// The columns of a mailbox row whose replies and acknowledgements go to a local SMTP sink (tests/helpers/smtp-sink.ts)
// on 127.0.0.1 with its own SMTP settings, not the incoming server's: one place for what the sending tests set, so a
// test states only what it varies (the security, a login, certificate checks).
import type { mailboxes } from '@/db/schema';
import { seal } from '@/lib/crypto/seal';

type SmtpSecurity = NonNullable<(typeof mailboxes.$inferInsert)['smtpSecurity']>;

/** `login.pass` is sealed for `login.tenantId`, as the app seals a mailbox's SMTP password. */
export function sendingToSink(
  port: number,
  opts: { security?: SmtpSecurity; login?: { tenantId: string; user: string; pass: string }; tlsVerify?: boolean } = {},
): Partial<typeof mailboxes.$inferInsert> {
  return {
    smtpHost: '127.0.0.1',
    smtpPort: port,
    smtpSecurity: opts.security ?? 'none',
    smtpSameAsIncoming: false,
    ...(opts.login && {
      smtpUsername: opts.login.user,
      smtpPasswordSealed: seal(opts.login.pass, { tenantId: opts.login.tenantId, purpose: 'mailbox.smtp-password' }),
    }),
    ...(opts.tlsVerify !== undefined && { tlsVerify: opts.tlsVerify }),
  };
}
