// The Dovecot a test file shares (and, for OAuth mailboxes, the local OAuth provider whose tokens it
// accepts): started once before the file's tests, stopped after them.
import { startDovecot, type StartDovecotOptions, type TestDovecot } from './dovecot';
import { startOAuthProvider, type TestOAuthProvider } from './oauth-provider';
import { forwardTo, useStarted } from './use-started';

export function useDovecot(opts: StartDovecotOptions = {}): TestDovecot {
  return useStarted(
    () => startDovecot(opts),
    (dovecot) => dovecot.stop(),
  );
}

/** The provider and a Dovecot that checks access tokens against it (its oauth2 passdb). */
export function useOAuthDovecot(): { provider: TestOAuthProvider; dovecot: TestDovecot } {
  const both = useStarted(
    async () => {
      const provider = await startOAuthProvider();
      const dovecot = await startDovecot({ oauth2: { introspectionUrl: provider.introspectionUrl } }).catch(
        async (err: unknown) => {
          await provider.stop();
          throw err;
        },
      );
      return { provider, dovecot };
    },
    async ({ provider, dovecot }) => {
      await dovecot.stop();
      await provider.stop();
    },
  );
  return {
    provider: forwardTo(() => both.provider),
    dovecot: forwardTo(() => both.dovecot),
  };
}
