// The app's own outgoing mail (SMTP_URL: agent notifications, credential warnings) caught by an SMTP sink shared by
// a test file: started, and SMTP_URL pointed at it, before the file's tests; SMTP_URL put back after them.
import { resetEnvForTests } from '@/lib/env';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { useStarted } from './use-started';

export function useSystemSmtpSink(): SmtpSink {
  const previous = process.env.SMTP_URL;
  return useStarted(
    async () => {
      const sink = await startSmtpSink({ starttls: false });
      process.env.SMTP_URL = `smtp://${sink.host}:${sink.port}`;
      resetEnvForTests();
      return sink;
    },
    async (sink) => {
      if (previous === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = previous;
      resetEnvForTests();
      await sink.stop();
    },
  );
}
