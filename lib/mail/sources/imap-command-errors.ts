// imapflow answers some refused commands (the UID STORE and UID EXPUNGE behind messageDelete) with `false` and only
// logs the server's NO. A logger that keeps nothing but the last such error lets the source say why the server
// refused (e.g. RFC 9208 OVERQUOTA) instead of a bare "refused". Nothing is printed: imapflow's debug output would
// carry protocol traffic, credentials included.
import type { ImapFlow, ImapFlowOptions } from 'imapflow';

type Logger = Exclude<ImapFlowOptions['logger'], false | undefined>;

const lastErrors = new WeakMap<object, { error?: unknown }>();

/** A silent logger for one client that remembers the last command error imapflow reported. */
export function commandErrorLogger(): { logger: Logger; bind(client: ImapFlow): void } {
  const slot: { error?: unknown } = {};
  const keep = (entry: unknown) => {
    const err = (entry as { err?: unknown } | undefined)?.err;
    if (err) slot.error = err;
  };
  const ignore = () => {};
  return {
    logger: { debug: ignore, info: ignore, warn: keep, error: keep } as Logger,
    bind: (client) => lastErrors.set(client, slot),
  };
}

/** The last command error imapflow reported for this client, and forgets it. */
export function takeCommandError(client: ImapFlow): unknown {
  const slot = lastErrors.get(client);
  const error = slot?.error;
  if (slot) slot.error = undefined;
  return error;
}
