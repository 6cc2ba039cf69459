import type { Metadata } from 'next';
import Link from 'next/link';
import { withTenant } from '@/db/tenancy';
import { formatDate } from '@/app/_components/format-date';
import { requireTenant } from '@/lib/auth/require-tenant';
import { listIgnoredMessages, REVIEW_REASONS, type ReviewReason } from '@/lib/cases/queries/list-ignored-messages';
import { listMailboxes } from '@/lib/mailboxes/list-mailboxes';
import { FilterSelect } from '../cases/compact-field';
import { ReviewList, type ReviewRow } from './review-list';

export const metadata: Metadata = { title: 'Review' };

const REASON_LABELS: Record<ReviewReason, string> = {
  'unverified-sender': 'Unverified sender',
  'unknown-sender': 'Unknown sender',
  spam: 'Spam',
  blocked: 'Blocked sender',
  rule: 'Rule',
  'attachments-over-limit': 'Attachments over limit',
  'auto-generated': 'Automatic mail',
  quarantined: 'Quarantined',
  other: 'Other',
};

// One review queue for every member: everything held, ignored or quarantined, filterable by reason and
// mailbox, with the check or rule that decided it.
export default async function ReviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ reason?: string; mailbox?: string; cursor?: string }>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const { tenant } = await requireTenant(slug);
  const reason = (REVIEW_REASONS as readonly string[]).includes(sp.reason ?? '')
    ? (sp.reason as ReviewReason)
    : undefined;
  const { list, mailboxes } = await withTenant(tenant.id, async (tx) => {
    const mailboxes = (await listMailboxes(tx)).map((m) => ({ id: m.id, email: m.email }));
    const mailboxId = mailboxes.some((m) => m.id === sp.mailbox) ? sp.mailbox : undefined;
    const list = await listIgnoredMessages(tx, { reason, mailboxId, released: false, limit: 100 });
    return { list, mailboxes };
  });
  const emailOf = new Map(mailboxes.map((m) => [m.id, m.email]));
  const rows: ReviewRow[] = list.items.map((i) => ({
    id: i.id,
    from: i.from,
    fromName: i.fromName,
    subject: i.subject,
    reasonLabel: REASON_LABELS[i.reviewReason],
    reviewReason: i.reviewReason,
    decidedBy: i.reason,
    check: i.senderAuth && !i.senderAuth.verified ? i.senderAuth.summary : null,
    confirmation: i.confirmation ? describeConfirmation(i.confirmation) : null,
    mailbox: i.mailboxId ? (emailOf.get(i.mailboxId) ?? null) : null,
    caseNumber: i.caseNumber ?? null,
    when: formatDate(new Date(i.createdAt)),
  }));
  const base = `/t/${tenant.slug}`;

  return (
    <div className="max-w-6xl space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">Review</h1>
        <p className="text-sm text-slate-600">
          Mail that did not become a case: unverified and unknown senders, spam, blocked senders, rules, automatic and
          unreadable mail. Release what belongs in a case.
        </p>
      </header>
      <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter">
        <FilterSelect
          name="reason"
          label="Reason"
          value={reason}
          options={[['', 'All reasons'], ...REVIEW_REASONS.map((r) => [r, REASON_LABELS[r]] as const)]}
        />
        <FilterSelect
          name="mailbox"
          label="Mailbox"
          value={sp.mailbox}
          options={[['', 'All mailboxes'], ...mailboxes.map((m) => [m.id, m.email] as const)]}
        />
        <button type="submit" className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white">
          Filter
        </button>
        {reason || sp.mailbox ? (
          <Link href={`${base}/review`} className="text-sm text-indigo-700 underline">
            Clear
          </Link>
        ) : null}
      </form>
      <ReviewList slug={tenant.slug} rows={rows} />
      {list.nextCursor ? <p className="text-sm text-slate-500">Showing the newest 100.</p> : null}
    </div>
  );
}

function describeConfirmation(c: { status: string; sentAt: string | null; error: string | null }): string {
  const when = c.sentAt ? ` ${formatDate(new Date(c.sentAt))}` : '';
  switch (c.status) {
    case 'pending':
    case 'sending':
      return 'Confirmation: being sent to the sender.';
    case 'sent':
      return `Confirmation: asked${when}, waiting for the sender.`;
    case 'expired':
      return 'Confirmation: expired without an answer.';
    case 'confirmed':
      return 'Confirmation: confirmed by the sender.';
    default:
      return `Confirmation: ${c.error ?? c.status}`;
  }
}
