// ignored list / ignored release: mail that did not become case history (ignored and quarantined).
import { listIgnoredMessages, type ReviewReason } from '@/lib/cases/queries/list-ignored-messages';
import { releaseIgnoredMessage } from '@/lib/cases/release-ignored-message';
import { collectPages } from '../collect-pages';
import { defineTenantCommand } from '../tenant-command';
import { JSON_FLAG, LIMIT_FLAG, parseLimitFlag } from './list-flags';

export type CliIgnoredMessage = {
  id?: string;
  messageId: string | null;
  from: string | null;
  subject: string | null;
  /** The message's Date header (ISO 8601), when it had a readable one. */
  sentAt: string | null;
  kind: string;
  reason: string;
  caseNumber?: number;
};

defineTenantCommand({
  name: 'ignored list',
  summary: 'List a tenant’s ignored and quarantined messages, newest first',
  usage:
    '--tenant <slug> [--mailbox <id>] [--outcome ignored|quarantined] [--reason unverified-sender|unknown-sender|spam|blocked|rule|auto-generated|quarantined|other] [--held] [--limit N (default 50)] [--ids] [--json]',
  options: {
    mailbox: { type: 'string' },
    outcome: { type: 'string' },
    // The review queue's filters: what held it, and only what is still held (not released).
    reason: { type: 'string' },
    held: { type: 'boolean' },
    ...LIMIT_FLAG,
    // Adds each row's id (for `ignored release --id`); off by default to keep the documented shape.
    ids: { type: 'boolean' },
    ...JSON_FLAG,
  },
  run: async ({ values, inTenant }) => {
    const limit = parseLimitFlag(values.limit);
    const items = await collectPages(limit, (page) =>
      inTenant((tx) =>
        listIgnoredMessages(tx, {
          mailboxId: values.mailbox,
          outcome: values.outcome as 'ignored' | 'quarantined' | undefined,
          reason: values.reason as ReviewReason | undefined,
          released: values.held ? false : undefined,
          ...page,
        }),
      ),
    );
    return items.map((m): CliIgnoredMessage => ({
      ...(values.ids ? { id: m.id } : {}),
      messageId: m.messageId,
      from: m.from,
      subject: m.subject,
      sentAt: m.sentAt,
      kind: m.kind,
      reason: m.reason,
      ...(m.caseNumber !== undefined ? { caseNumber: m.caseNumber } : {}),
    }));
  },
});

defineTenantCommand({
  name: 'ignored release',
  summary: 'Release an ignored or quarantined message to a case (joins its case if it threads, else a new case)',
  usage: '--tenant <slug> --id <ignored message id>',
  options: { id: { type: 'string' } },
  required: ['id'],
  run: async ({ values, inTenant }) => {
    return inTenant((tx, tenant) =>
      releaseIgnoredMessage(tx, { tenantId: tenant.id, ignoredMessageId: values.id!, actor: { kind: 'cli' } }),
    );
  },
});
