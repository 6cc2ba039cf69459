// The tenant or mailbox a command is about, found when the command first asks for it and then kept: a
// command's own flag checks run before the lookup (a bad flag is a usage error even when the tenant or
// mailbox is unknown), and a command that runs several transactions looks it up once.
import { withTenant, type TenantTx } from '@/db/tenancy';

/** Runs `fn` in one transaction under the scope's tenant (`withTenant`), handing it the scope. */
export type InTenant<S> = <T>(fn: (tx: TenantTx, scope: S) => Promise<T>) => Promise<T>;

export type CommandScope<S> = { find: () => Promise<S>; inTenant: InTenant<S> };

export function commandScope<S>(find: () => Promise<S>, tenantIdOf: (scope: S) => string): CommandScope<S> {
  let found: Promise<S> | undefined;
  const once = () => (found ??= find());
  return {
    find: once,
    inTenant: async (fn) => {
      const scope = await once();
      return withTenant(tenantIdOf(scope), (tx) => fn(tx, scope));
    },
  };
}
