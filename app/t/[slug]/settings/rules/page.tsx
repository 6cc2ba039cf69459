import type { Metadata } from 'next';
import Link from 'next/link';
import { listMailboxes } from '@/lib/mailboxes/list-mailboxes';
import { listMembers } from '@/lib/members/list-members';
import { listRecentMessages } from '@/lib/rules/list-recent-messages';
import { listRules } from '@/lib/rules/list-rules';
import { loadManagerPage } from '../load-manager-page';
import { RerunPanel } from './rerun-panel';
import { RulesManager } from './rules-manager';
import { SimulatorPanel } from './simulator-panel';

export const metadata: Metadata = { title: 'Rules' };

export default async function RulesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { tenant, data } = await loadManagerPage(params, async (tx) => ({
    rules: await listRules(tx),
    mailboxes: (await listMailboxes(tx)).map((m) => ({ id: m.id, email: m.email })),
    members: (await listMembers(tx)).map((m) => ({ userId: m.userId, email: m.email })),
    recent: await listRecentMessages(tx, { limit: 50 }),
  }));
  return (
    <div className="max-w-5xl space-y-12">
      <header>
        <h1 className="text-2xl font-semibold">Rules</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Rules decide what happens to new mail before it becomes a case. Rules for all mailboxes run first, then the
          mailbox’s own, each list from top to bottom. Every matching rule applies its actions; a later rule overrides
          an earlier one’s assignee, status or priority, tags add up, and “Ignore”, “Mark as spam” or “Stop processing”
          end the run. Blocked and allowed senders are checked before any rule:{' '}
          <Link href={`/t/${tenant.slug}/settings/senders`} className="font-medium text-indigo-700 underline">
            sender lists
          </Link>
          .
        </p>
      </header>
      <RulesManager slug={tenant.slug} rules={data.rules} mailboxes={data.mailboxes} members={data.members} />
      <SimulatorPanel slug={tenant.slug} mailboxes={data.mailboxes} recent={data.recent} />
      <RerunPanel slug={tenant.slug} recent={data.recent} />
    </div>
  );
}
