// The forwarding-address listener in its own process (its own DATABASE_URL, e.g. through a TCP proxy a
// test can cut). Prints "port <n>" once listening.
import { env } from '@/lib/env';
import { startInboundSmtpServer } from '@/lib/mail/inbound/inbound-smtp-server';

startInboundSmtpServer({
  port: 0,
  host: '127.0.0.1',
  domain: env.INBOUND_DOMAIN!,
  maxBytes: env.SMTP_INBOUND_MAX_BYTES,
  ratePerMinute: env.SMTP_INBOUND_RATE_PER_MINUTE,
  log: () => {},
}).then(
  (server) => process.stdout.write(`port ${server.port}\n`),
  (err) => {
    process.stderr.write(`failed ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
