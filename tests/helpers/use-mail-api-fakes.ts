// The local stand-ins a Graph or Gmail API mailbox test talks to, shared by a test file: the OAuth provider, and
// the fake Graph and fake Gmail that accept its tokens. Started before the file's tests, stopped after them.
import { startFakeGmail, type FakeGmail } from './fake-gmail';
import { startFakeGraph, type FakeGraph } from './fake-graph';
import { startOAuthProvider, type TestOAuthProvider } from './oauth-provider';
import { forwardTo, useStarted } from './use-started';

export function useMailApiFakes(): { provider: TestOAuthProvider; graph: FakeGraph; gmail: FakeGmail } {
  const all = useStarted(
    async () => {
      const provider = await startOAuthProvider();
      try {
        const [graph, gmail] = await Promise.all([startFakeGraph(provider), startFakeGmail(provider)]);
        return { provider, graph, gmail };
      } catch (err) {
        await provider.stop();
        throw err;
      }
    },
    async ({ provider, graph, gmail }) => {
      await graph.stop();
      await gmail.stop();
      await provider.stop();
    },
  );
  return {
    provider: forwardTo(() => all.provider),
    graph: forwardTo(() => all.graph),
    gmail: forwardTo(() => all.gmail),
  };
}
