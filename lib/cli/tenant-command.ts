// A command about one tenant, named by `--tenant <slug>`. Example:
//
//   defineTenantCommand({
//     name: 'rules list',
//     summary: 'A tenant’s inbound rules in the order they run',
//     usage: '--tenant <slug>',
//     run: ({ inTenant }) => inTenant((tx) => listRules(tx)),
//   });
//
// The --tenant flag is declared and required here (before the command's own required flags). `inTenant(fn)`
// runs `fn` in one transaction under the tenant, with the tenant (id, name, slug); see command-scope.ts for
// when the tenant is looked up.
import { commandScope, type InTenant } from './command-scope';
import { defineCommand, type CommandArgs, type CommandSpec, type Options } from './registry';
import { resolveTenant, type CliTenant } from './resolve-tenant';

const TENANT_FLAG = { tenant: { type: 'string' } } as const;

type WithTenantFlag<O extends Options> = O & typeof TENANT_FLAG;

export function defineTenantCommand<O extends Options = Record<never, never>>(
  spec: Omit<CommandSpec<O>, 'options' | 'run'> & {
    options?: O;
    run: (args: CommandArgs<WithTenantFlag<O>> & { inTenant: InTenant<CliTenant> }) => Promise<unknown>;
  },
): void {
  defineCommand<WithTenantFlag<O>>({
    ...spec,
    options: { ...TENANT_FLAG, ...(spec.options as O) },
    required: ['tenant', ...(spec.required ?? [])],
    run: (args) => {
      const tenant = commandScope(
        () => resolveTenant(args.values.tenant as string),
        (t) => t.id,
      );
      return spec.run({ ...args, inTenant: tenant.inTenant });
    },
  });
}
