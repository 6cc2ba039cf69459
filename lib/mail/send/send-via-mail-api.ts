// Sends one message through a mailbox's mail API, as MIME composed exactly as for SMTP:
//   Graph   POST /users/{id}/sendMail (or /me/sendMail), Content-Type text/plain, the MIME base64-encoded;
//           Exchange keeps the copy in that mailbox's Sent Items (a shared mailbox's own, not the agent's).
//   Gmail   POST /gmail/v1/users/{id}/messages/send with { raw: base64url MIME }; the copy gets the SENT label.
// Failures come back in SMTP's shape (SmtpFailure) so the delivery bookkeeping stays one routine.
import MailComposer from 'nodemailer/lib/mail-composer';
import type { mailboxes } from '@/db/schema';
import { isAppError } from '@/lib/errors';
import { ApiError } from '@/lib/mail/api/api-client';
import { graphUserPath } from '@/lib/mail/sources/graph-source';
import { MailboxConnectionError } from '@/lib/mailboxes/connection-error';
import { mailboxApiClient } from '@/lib/mailboxes/open-api-source';
import { isOAuthError } from '@/lib/mailboxes/oauth/oauth-error';
import { isOutboundGuardError } from '@/lib/net/outbound-guard';
import type { SmtpFailure } from './describe-smtp-error';
import { outboundMailOptions, type OutboundMessage, type SendResult } from './send-smtp-message';

export async function composeMime(message: OutboundMessage): Promise<Buffer> {
  return new MailComposer(outboundMailOptions(message)).compile().build();
}

export async function sendViaMailApi(
  mailbox: typeof mailboxes.$inferSelect,
  message: OutboundMessage,
): Promise<SendResult> {
  try {
    const mime = await composeMime(message);
    const api = mailboxApiClient(mailbox);
    if (mailbox.protocol === 'graph') {
      await api.request('POST', `${graphUserPath(mailbox.apiUser)}/sendMail`, {
        body: mime.toString('base64'),
        contentType: 'text/plain',
      });
      return { ok: true, response: '202' };
    }
    await api.json('POST', `/gmail/v1/users/${encodeURIComponent(mailbox.apiUser ?? 'me')}/messages/send`, {
      raw: mime.toString('base64url'),
    });
    return { ok: true, response: '200' };
  } catch (err) {
    return { ok: false, failure: describeApiSendError(err) };
  }
}

function describeApiSendError(err: unknown): SmtpFailure {
  if (isOutboundGuardError(err)) return { code: err.reason, message: err.message, permanent: false };
  if (isOAuthError(err))
    return {
      code: 'auth',
      message: err.message,
      permanent: err.reason === 'needs-reauth' || err.reason === 'oauth-client',
    };
  if (err instanceof MailboxConnectionError)
    return err.reason === 'auth'
      ? { code: 'auth', message: 'The mail API refused the mailbox’s sign-in.', permanent: true }
      : { code: 'timeout', message: err.message, permanent: false };
  if (err instanceof ApiError) {
    if (err.httpStatus === 403) return { code: 'auth', message: err.message, permanent: true };
    if (err.httpStatus >= 500) return { code: 'protocol', message: err.message, permanent: false };
    return { code: 'rejected', message: err.message, permanent: true };
  }
  const code = isAppError(err) ? '' : String((err as { code?: unknown })?.code ?? '');
  if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code))
    return { code: 'refused', message: 'The mail API could not be reached.', permanent: false };
  if (code === 'ETIMEDOUT')
    return { code: 'timeout', message: 'The mail API did not answer in time.', permanent: false };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { code: 'dns', message: 'The mail API’s host name could not be found.', permanent: false };
  return { code: 'protocol', message: 'The mail API answered in a way Caseflow did not expect.', permanent: false };
}
