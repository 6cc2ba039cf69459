// Starts the forwarding-address listener inside the server process when SMTP_INBOUND_PORT is set
// (instrumentation.ts), once per process.
import { env } from '@/lib/env';
import { readInboundTls, startInboundSmtpServer, type InboundSmtpServer } from './inbound-smtp-server';

const globalForSmtp = globalThis as unknown as { __caseflowInboundSmtp?: Promise<InboundSmtpServer> };

export function startInboundSmtpIfConfigured(): Promise<InboundSmtpServer> | null {
  if (env.SMTP_INBOUND_PORT === undefined || !env.INBOUND_DOMAIN) return null;
  globalForSmtp.__caseflowInboundSmtp ??= startInboundSmtpServer({
    port: env.SMTP_INBOUND_PORT,
    host: env.SMTP_INBOUND_HOST,
    domain: env.INBOUND_DOMAIN,
    maxBytes: env.SMTP_INBOUND_MAX_BYTES,
    ratePerMinute: env.SMTP_INBOUND_RATE_PER_MINUTE,
    tls: readInboundTls(env.SMTP_INBOUND_TLS_KEY, env.SMTP_INBOUND_TLS_CERT),
  }).then((server) => {
    process.stderr.write(
      `[caseflow smtp] receiving forwarded mail on port ${server.port} for @${env.INBOUND_DOMAIN}\n`,
    );
    const stop = () => void server.close();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    return server;
  });
  return globalForSmtp.__caseflowInboundSmtp;
}
