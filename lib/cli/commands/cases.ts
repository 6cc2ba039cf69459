// cases list: a tenant's cases with their message summaries, as a JSON array (output is always JSON;
// --json is accepted for scripts that pass it). cases merge: one case joins another (lib/cases/merge-cases.ts).
import { mergeCases } from '@/lib/cases/merge-cases';
import { listCases, type CaseMessageSummary } from '@/lib/cases/queries/list-cases';
import { caseStatusParam, parseQueryInput } from '@/lib/cases/queries/params';
import { collectPages } from '../collect-pages';
import { defineTenantCommand } from '../tenant-command';
import { JSON_FLAG, LIMIT_FLAG, parseLimitFlag } from './list-flags';
import type { CaseView } from '@/lib/cases/queries/case-view';

/** A case as `cases list` prints it: the public case's identity and requester, with its message summaries. */
export type CliCase = Pick<CaseView, 'number' | 'subject' | 'status' | 'imported' | 'requester'> & {
  messages: CaseMessageSummary[];
};

defineTenantCommand({
  name: 'cases list',
  summary: 'List a tenant’s cases (most recently active first) with their messages',
  usage: '--tenant <slug> [--status open|pending|closed] [--limit N (default 50)] [--json]',
  options: { status: { type: 'string' }, ...LIMIT_FLAG, ...JSON_FLAG },
  run: async ({ values, inTenant }) => {
    const status = values.status === undefined ? undefined : parseQueryInput(caseStatusParam, values.status);
    const limit = parseLimitFlag(values.limit);
    const items = await collectPages(limit, (page) =>
      inTenant((tx) => listCases(tx, { status, ...page, includeMessages: true })),
    );
    return items.map((c): CliCase => ({
      number: c.number,
      subject: c.subject,
      status: c.status,
      imported: c.imported,
      requester: c.requester,
      messages: (c.messages ?? []).map((m) => ({
        messageId: m.messageId,
        direction: m.direction,
        from: m.from,
        subject: m.subject,
        sentAt: m.sentAt,
      })),
    }));
  },
});

defineTenantCommand({
  name: 'cases merge',
  summary: 'Merge a case into another: its history joins that case and its number leads there',
  usage: '--tenant <slug> <case number> --into <case number>',
  options: { into: { type: 'string' } },
  required: ['into'],
  positionals: ['case number'],
  run: async ({ values, positionals, inTenant }) => {
    const number = /^[1-9][0-9]{0,14}$/.test(positionals[0]) ? Number(positionals[0]) : 0;
    return inTenant((tx, tenant) =>
      mergeCases(tx, { tenantId: tenant.id, number, input: { into: values.into }, actor: { kind: 'cli' } }),
    );
  },
});
