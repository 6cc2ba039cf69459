// mailbox add / test / import / sync / list / show / filtering
import { parseBooleanText } from '@/lib/boolean-text';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import { getMailbox, toPublicMailbox } from '@/lib/mailboxes/get-mailbox';
import { listMailboxes } from '@/lib/mailboxes/list-mailboxes';
import { syncMailbox, type SyncSummary } from '@/lib/mailboxes/sync-mailbox';
import { testStoredMailbox } from '@/lib/mailboxes/test-connection';
import { type InTenant } from '../command-scope';
import { defineMailboxCommand } from '../mailbox-command';
import { ExitWith, UsageError } from '../registry';
import { type CliTenant } from '../resolve-tenant';
import { defineTenantCommand } from '../tenant-command';
import { pickSyncCounts } from '@/lib/mailboxes/sync-counts';
import { updateMailFiltering } from '@/lib/mailboxes/mail-filtering';
import { addMailboxFolder, listMailboxFolders, removeMailboxFolder } from '@/lib/mailboxes/mailbox-folders';

const syncFields = (s: SyncSummary) => ({
  mailboxId: s.mailboxId,
  state: s.state,
  ...pickSyncCounts(s),
  ...(s.skipped ? { skipped: s.skipped } : {}),
  ...(s.import ? { import: s.import } : {}),
  ...(s.error ? { error: s.error } : {}),
});

defineTenantCommand({
  name: 'mailbox add',
  summary:
    'Connect a mailbox (as a draft; test and import it next). Password on stdin. --protocol forward: a forwarding address; graph | gmail-api: Microsoft Graph / Gmail API (client secret on stdin)',
  usage:
    '--tenant <slug> --email <address> --password-stdin [--username U] [--protocol imap|imaps|pop3|pop3s|forward] [--host H] [--port P] [--tls-verify false] [--starttls off] [--folder F] [--after-processing delete|move --move-to FOLDER] [--create-cases false] [--smtp-host H --smtp-port P --smtp-security none|starttls|tls [--smtp-username U]] | --protocol graph|gmail-api --client-id ID [--client-secret-stdin] [--directory TENANT-ID] [--app-only] [--shared-mailbox] [--authority URL] [--auth-url URL --token-url URL] [--api-url URL]',
  options: {
    email: { type: 'string' },
    username: { type: 'string' },
    protocol: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'tls-verify': { type: 'string' },
    starttls: { type: 'string' },
    folder: { type: 'string' },
    'create-cases': { type: 'string' },
    'after-processing': { type: 'string' },
    'move-to': { type: 'string' },
    'display-name': { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'smtp-host': { type: 'string' },
    'smtp-port': { type: 'string' },
    'smtp-security': { type: 'string' },
    'smtp-username': { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret-stdin': { type: 'boolean' },
    directory: { type: 'string' },
    'app-only': { type: 'boolean' },
    'shared-mailbox': { type: 'boolean' },
    authority: { type: 'string' },
    'auth-url': { type: 'string' },
    'token-url': { type: 'string' },
    'api-url': { type: 'string' },
  },
  required: ['email'],
  run: async ({ values, readStdin, inTenant }) => {
    if (values.protocol === 'graph' || values.protocol === 'gmail-api')
      return addApiMailbox(values, readStdin, inTenant);
    // A forwarding address (--protocol forward) has no incoming password; its stdin (with --password-stdin)
    // holds only the SMTP password for --smtp-username.
    const forward = values.protocol === 'forward';
    if (!values['password-stdin'] && !forward)
      throw new UsageError(
        'Pass the password on stdin with --password-stdin (it must not appear in the process list).',
      );
    // First line: the mailbox password; second line (only with --smtp-username): the SMTP password.
    const lines = values['password-stdin'] ? (await readStdin()).split(/\r?\n/) : [];
    const [password, smtpPassword] = forward ? [undefined, lines[0]] : lines;
    const smtp = values['smtp-host']
      ? {
          host: values['smtp-host'],
          port: values['smtp-port'],
          security: values['smtp-security'],
          ...(values['smtp-username']
            ? { sameAsIncoming: false, username: values['smtp-username'], password: smtpPassword }
            : {}),
        }
      : undefined;
    const input = {
      email: values.email,
      password,
      username: values.username,
      protocol: values.protocol,
      host: values.host,
      port: values.port,
      tlsVerify: values['tls-verify'],
      starttls: values.starttls,
      folder: values.folder,
      createCases: values['create-cases'],
      afterProcessing: values['after-processing'],
      moveToFolder: values['move-to'],
      displayName: values['display-name'],
      smtp,
    };
    const created = await inTenant((tx, tenant) =>
      createMailbox(tx, {
        tenantId: tenant.id,
        input: Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
        actor: { kind: 'cli' },
      }),
    );
    return { mailboxId: created.id, ...created };
  },
});

/** `mailbox add --protocol graph|gmail-api`: OAuth client settings from flags, the client secret from stdin. */
async function addApiMailbox(
  values: Record<string, string | boolean | undefined>,
  readStdin: () => Promise<string>,
  inTenant: InTenant<CliTenant>,
) {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const clientSecret = values['client-secret-stdin'] ? (await readStdin()).split(/\r?\n/)[0] : undefined;
  const input = {
    protocol: str('protocol'),
    email: str('email'),
    username: str('username'),
    displayName: str('display-name'),
    folder: str('folder'),
    createCases: str('create-cases'),
    afterProcessing: str('after-processing'),
    moveToFolder: str('move-to'),
    sharedMailbox: values['shared-mailbox'] ? true : undefined,
    apiBaseUrl: str('api-url'),
    oauth: {
      grant: values['app-only'] ? 'client_credentials' : undefined,
      clientId: str('client-id'),
      clientSecret,
      tenant: str('directory'),
      authority: str('authority'),
      authorizationUrl: str('auth-url'),
      tokenUrl: str('token-url'),
    },
  };
  const created = await inTenant((tx, tenant) =>
    createMailbox(tx, { tenantId: tenant.id, input: JSON.parse(JSON.stringify(input)), actor: { kind: 'cli' } }),
  );
  return { mailboxId: created.id, ...created };
}

defineMailboxCommand({
  name: 'mailbox test',
  summary: 'Connect, authenticate and count the messages present (no changes)',
  usage: '<mailbox id>',
  run: async ({ mailbox }) => {
    const { id, tenantId } = await mailbox();
    const result = await testStoredMailbox({ tenantId, mailboxId: id });
    return result.ok ? result : new ExitWith(result, 1);
  },
});

defineMailboxCommand({
  name: 'mailbox import',
  summary:
    'Confirm the import of the messages present (they become Closed cases, then are deleted) and run it to the end',
  usage: '<mailbox id> --confirm [--open-after 2026-11-01 (those received later become Open cases)]',
  options: { confirm: { type: 'boolean' }, 'open-after': { type: 'string' } },
  run: async ({ values, progress, mailbox, inTenant }) => {
    if (!values.confirm) {
      throw new UsageError(
        'The messages present will be imported as Closed cases and deleted from the server. Pass --confirm to go ahead.',
      );
    }
    const openAfter = values['open-after'] === undefined ? null : new Date(values['open-after']);
    if (openAfter && Number.isNaN(openAfter.getTime()))
      throw new UsageError('--open-after: a date like 2026-11-01 or 2026-11-01T09:00:00Z.');
    const { id, tenantId } = await mailbox();
    const row = await inTenant((tx) => getMailbox(tx, id));
    if (row.state === 'draft') {
      const boundary = await confirmMailboxImport(tenantId, id, { actor: { kind: 'cli' }, openAfter });
      progress(`importing ${boundary.total} message(s)…`);
    } else if (row.state !== 'importing') {
      progress(`the import was already done (mailbox is ${row.state}); syncing instead`);
    }
    let last = 0;
    const summary = await syncMailbox(id, {
      trigger: 'cli',
      untilEmpty: true,
      onProgress: (p) => {
        if (p.importProcessed - last >= 50 || p.importProcessed === p.importTotal) {
          last = p.importProcessed;
          progress(`imported ${p.importProcessed}/${p.importTotal ?? '?'}`);
        }
      },
    });
    return summary.error || summary.skipped ? new ExitWith(syncFields(summary), 1) : syncFields(summary);
  },
});

defineMailboxCommand({
  name: 'mailbox sync',
  summary: 'Fetch new mail now: store, thread, then delete from the server',
  usage: '<mailbox id> [--until-empty]',
  options: { 'until-empty': { type: 'boolean' } },
  run: async ({ values, mailbox }) => {
    const { id } = await mailbox();
    const summary = await syncMailbox(id, { trigger: 'cli', untilEmpty: Boolean(values['until-empty']) });
    // A run that quarantines messages succeeded; one that could not connect did not.
    return summary.error ? new ExitWith(syncFields(summary), 1) : syncFields(summary);
  },
});

defineTenantCommand({
  name: 'mailbox list',
  summary: 'List a tenant’s mailboxes with their state',
  usage: '--tenant <slug>',
  run: async ({ inTenant }) => (await inTenant((tx) => listMailboxes(tx))).map(toPublicMailbox),
});

defineMailboxCommand({
  name: 'mailbox show',
  summary: 'Show one mailbox as GET /api/v1/mailboxes/:id does (settings, state, API source; never secrets)',
  usage: '<mailbox id>',
  run: ({ inTenant }) => inTenant(async (tx, mailbox) => toPublicMailbox(await getMailbox(tx, mailbox.id))),
});

defineMailboxCommand({
  name: 'mailbox filtering',
  summary:
    'Show or change a mailbox’s filtering and handling: sender verification, trusted ARC sealers, spam, sender filter, attachments policy, reply template',
  usage:
    '<mailbox id> [--sender-verification enforce|record|off|default] [--trusted-authserv-id HOST|none] [--spam-filter true|false] [--spam-score-threshold N|none] [--spam-scl-threshold 0-9] [--sender-filter anyone|contacts] [--confirm-unknown-senders true|false] [--confirmation-expiry-days N] [--create-contacts true|false] [--trusted-arc-sealers D1,D2|none] [--attachments-max-count N|none] [--attachments-max-bytes N|none] [--attachments-over-limit strip|hold] [--reply-template-stdin | --reply-template none]',
  options: {
    'sender-filter': { type: 'string' },
    'confirm-unknown-senders': { type: 'string' },
    'confirmation-expiry-days': { type: 'string' },
    'create-contacts': { type: 'string' },
    'sender-verification': { type: 'string' },
    'trusted-authserv-id': { type: 'string' },
    'spam-filter': { type: 'string' },
    'spam-score-threshold': { type: 'string' },
    'spam-scl-threshold': { type: 'string' },
    'trusted-arc-sealers': { type: 'string' },
    'attachments-max-count': { type: 'string' },
    'attachments-max-bytes': { type: 'string' },
    'attachments-over-limit': { type: 'string' },
    'reply-template': { type: 'string' },
    'reply-template-stdin': { type: 'boolean' },
  },
  run: async ({ values, readStdin, mailbox, inTenant }) => {
    // An unknown mailbox is reported before any flag's mistake.
    await mailbox();
    const orNull = (v: string | undefined) =>
      v === undefined ? undefined : v === 'none' || v === 'default' ? null : v;
    const num = (v: string | undefined) => (v === undefined ? undefined : v === 'none' ? null : Number(v));
    // An unknown word goes through as it is, and the filtering schema refuses it with its own message.
    const bool = (v: string | undefined) => (v === undefined ? undefined : (parseBooleanText(v) ?? v));
    const input: Record<string, unknown> = Object.fromEntries(
      Object.entries({
        senderVerification: orNull(values['sender-verification']),
        trustedAuthservId: orNull(values['trusted-authserv-id']),
        spamFilter: bool(values['spam-filter']),
        spamScoreThreshold: num(values['spam-score-threshold']),
        spamSclThreshold: num(values['spam-scl-threshold']),
        senderFilter: values['sender-filter'],
        confirmUnknownSenders: bool(values['confirm-unknown-senders']),
        confirmationExpiryDays: num(values['confirmation-expiry-days']),
        createContacts: bool(values['create-contacts']),
        trustedArcSealers:
          values['trusted-arc-sealers'] === undefined
            ? undefined
            : values['trusted-arc-sealers'] === 'none'
              ? []
              : values['trusted-arc-sealers'].split(',').map((d) => d.trim()),
        replyTemplate: values['reply-template-stdin']
          ? await readStdin()
          : values['reply-template'] === 'none'
            ? null
            : values['reply-template'] === undefined
              ? undefined
              : (() => {
                  throw new UsageError(
                    'Give the reply template on stdin (--reply-template-stdin), or --reply-template none.',
                  );
                })(),
      }).filter(([, v]) => v !== undefined),
    );
    const attachments = Object.fromEntries(
      Object.entries({
        maxCount: num(values['attachments-max-count']),
        maxBytes: num(values['attachments-max-bytes']),
        overLimit: values['attachments-over-limit'],
      }).filter(([, v]) => v !== undefined),
    );
    if (Object.keys(attachments).length) input.attachments = attachments;
    return inTenant((tx, { id }) => updateMailFiltering(tx, { mailboxId: id, input, actor: { kind: 'cli' } }));
  },
});

defineMailboxCommand({
  name: 'mailbox folder add',
  summary: 'Read a further IMAP folder of this mailbox, with defaults for the cases it opens',
  usage: '<mailbox id> --folder <name> [--assignee <member email or user id>] [--tags a,b]',
  options: { folder: { type: 'string' }, assignee: { type: 'string' }, tags: { type: 'string' } },
  required: ['folder'],
  run: async ({ values, inTenant }) => {
    const input = {
      name: values.folder,
      assignee: values.assignee,
      tags: values.tags
        ? values.tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean)
        : [],
    };
    return inTenant((tx, mailbox) =>
      addMailboxFolder(tx, { tenantId: mailbox.tenantId, mailboxId: mailbox.id, input, actor: { kind: 'cli' } }),
    );
  },
});

defineMailboxCommand({
  name: 'mailbox folder list',
  summary: 'The further folders a mailbox reads',
  usage: '<mailbox id>',
  run: ({ inTenant }) => inTenant((tx, mailbox) => listMailboxFolders(tx, mailbox.id)),
});

defineMailboxCommand({
  name: 'mailbox folder remove',
  summary: 'Stop reading a further folder (its messages stay on the server)',
  usage: '<mailbox id> --folder <name>',
  options: { folder: { type: 'string' } },
  required: ['folder'],
  run: async ({ values, inTenant }) => {
    await inTenant((tx, mailbox) =>
      removeMailboxFolder(tx, {
        tenantId: mailbox.tenantId,
        mailboxId: mailbox.id,
        name: values.folder!,
        actor: { kind: 'cli' },
      }),
    );
    return { removed: values.folder };
  },
});
