// cases list: a tenant's cases with their message summaries, as a JSON array (output is always JSON;
// --json is accepted for scripts that pass it). cases merge: one case joins another (lib/cases/merge-cases.ts).
import { withTenant } from '@/db/tenancy';
import { mergeCases } from '@/lib/cases/merge-cases';
import { listCases } from '@/lib/cases/queries/list-cases';
import { caseStatusParam, parseQueryInput } from '@/lib/cases/queries/params';
import { defineCommand } from '../registry';
import { collectPages } from '../collect-pages';
import { resolveTenant, withTenantBySlug } from '../resolve-tenant';
import { parseLimitFlag } from './limit-flag';
import type { CaseStatus } from '@/lib/cases/case-status';

export type CliCase = {
  number: number;
  subject: string;
  status: CaseStatus;
  imported: boolean;
  requester: { email: string; name: string | null };
  messages: {
    messageId: string | null;
    direction: 'in' | 'out' | 'note' | 'system';
    from: string | null;
    subject: string | null;
    sentAt: string | null;
  }[];
};

defineCommand({
  name: 'cases list',
  summary: 'List a tenant’s cases (most recently active first) with their messages',
  usage: '--tenant <slug> [--status open|pending|closed] [--limit N (default 50)] [--json]',
  options: {
    tenant: { type: 'string' },
    status: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  required: ['tenant'],
  run: async ({ values }) => {
    const status = values.status === undefined ? undefined : parseQueryInput(caseStatusParam, values.status);
    const limit = parseLimitFlag(values.limit);
    const tenant = await resolveTenant(values.tenant!);
    const items = await collectPages(limit, (page) =>
      withTenant(tenant.id, (tx) => listCases(tx, { status, ...page, includeMessages: true })),
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

defineCommand({
  name: 'cases merge',
  summary: 'Merge a case into another: its history joins that case and its number leads there',
  usage: '--tenant <slug> <case number> --into <case number>',
  options: { tenant: { type: 'string' }, into: { type: 'string' } },
  required: ['tenant', 'into'],
  positionals: ['case number'],
  run: async ({ values, positionals }) => {
    const number = /^[1-9][0-9]{0,14}$/.test(positionals[0]) ? Number(positionals[0]) : 0;
    return withTenantBySlug(values.tenant!, (tx, tenant) =>
      mergeCases(tx, { tenantId: tenant.id, number, input: { into: values.into }, actor: { kind: 'cli' } }),
    );
  },
});
