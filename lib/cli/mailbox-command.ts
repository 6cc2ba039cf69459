// A command about one mailbox, named by its id as the one positional (`mailbox show <mailbox id>`). Example:
//
//   defineMailboxCommand({
//     name: 'mailbox folder list',
//     summary: 'The further folders a mailbox reads',
//     usage: '<mailbox id>',
//     run: ({ inTenant }) => inTenant((tx, mailbox) => listMailboxFolders(tx, mailbox.id)),
//   });
//
// `mailbox()` looks the id up (with its tenant) for work outside a transaction (a sync, a connection test);
// `inTenant(fn)` runs `fn` in one transaction under the mailbox's tenant, with the mailbox. See
// command-scope.ts for when the mailbox is looked up.
import { commandScope, type InTenant } from './command-scope';
import { defineCommand, type CommandArgs, type CommandSpec, type Options } from './registry';
import { resolveMailbox, type CliMailbox } from './resolve-mailbox';

export function defineMailboxCommand<O extends Options = Record<never, never>>(
  spec: Omit<CommandSpec<O>, 'options' | 'positionals' | 'run'> & {
    options?: O;
    run: (
      args: CommandArgs<O> & { mailbox: () => Promise<CliMailbox>; inTenant: InTenant<CliMailbox> },
    ) => Promise<unknown>;
  },
): void {
  defineCommand<O>({
    ...spec,
    options: spec.options ?? ({} as O),
    positionals: ['mailbox id'],
    run: (args) => {
      const mailbox = commandScope(
        () => resolveMailbox(args.positionals[0]),
        (m) => m.tenantId,
      );
      return spec.run({ ...args, mailbox: mailbox.find, inTenant: mailbox.inTenant });
    },
  });
}
