// The wizard's test of the outgoing server: connect (through the outbound guard), greet, secure the
// connection (TLS or STARTTLS as configured) and authenticate — then quit. No message is sent. A wrong
// port, a refused login or a certificate problem is reported now, not when the first reply fails.
import { describeSmtpError, type SmtpFailure } from './describe-smtp-error';
import { openSmtpTransport, type SendOptions } from './send-smtp-message';
import type { SmtpSettings } from './smtp-settings';

export type SmtpTestResult = { ok: true } | { ok: false; error: { code: SmtpFailure['code']; message: string } };

export async function verifySmtpServer(smtp: SmtpSettings, opts: SendOptions = {}): Promise<SmtpTestResult> {
  let transport: Awaited<ReturnType<typeof openSmtpTransport>> | undefined;
  try {
    transport = await openSmtpTransport(smtp, opts);
    await transport.verify();
    return { ok: true };
  } catch (err) {
    const failure = describeSmtpError(err, { host: smtp.host, port: smtp.port });
    return { ok: false, error: { code: failure.code, message: failure.message } };
  } finally {
    transport?.close();
  }
}
