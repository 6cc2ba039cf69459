// Polls `fn` every 100 ms until it returns something truthy and returns that, for what happens in the background
// (a runner, a watcher, a delivery); after `timeoutMs` it throws "timed out waiting for <what>".
export async function waitFor<T>(
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  opts: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const end = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting${opts.what ? ` for ${opts.what}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
