// A case's history in display order, with attachment metadata (never the bytes): two queries.
// Order: when we stored it, then its Date header (messages stored in one batch share created_at), then id.
import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { attachments, caseMessages, type Address } from '@/db/schema';
import type { DerivedContent } from '@/lib/mail/derive-content';
import type { SenderAuth } from '@/lib/mail/verify/sender-auth';
import { timestampKey } from './keyset-cursor';

export type AttachmentView = {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  contentId: string | null;
  inline: boolean;
};

export type CaseMessageView = {
  id: string;
  direction: 'in' | 'out' | 'note' | 'system';
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Sender address; its display name is fromName. */
  from: string | null;
  fromName: string | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  subject: string | null;
  sentAt: string | null;
  createdAt: string;
  text: string | null;
  /** As received: sanitize before rendering. Null when loaded for display (the page renders `display`). */
  html: string | null;
  /** What the case page shows, derived at ingestion; null until derived (see the backfill). */
  display: DerivedContent | null;
  systemKind: string | null;
  authorUserId: string | null;
  deliveryStatus: string | null;
  deliveryError: string | null;
  rawMessageId: string | null;
  /** Inbound: what sender verification found (SPF, DKIM, DMARC, ARC); null when not checked. */
  senderAuth: SenderAuth | null;
  attachments: AttachmentView[];
};

const sortedAt = sql`coalesce(${caseMessages.sentAt}, ${caseMessages.createdAt})`;

// For display the bodies as received stay in the database (an 11 MB HTML mail is not read per page
// view); system events keep their text, which is ours and short.
const { html: _html, text: _text, ...displayColumns } = getTableColumns(caseMessages);
const displaySelection = {
  ...displayColumns,
  html: sql<string | null>`null`,
  text: sql<string | null>`case when ${caseMessages.direction} = 'system' then ${caseMessages.text} end`,
};

export async function loadCaseMessages(
  tx: TenantTx,
  {
    caseId,
    after,
    limit,
    forDisplay = false,
  }: { caseId: string; after?: string[]; limit?: number; forDisplay?: boolean },
): Promise<{ items: CaseMessageView[]; keys: string[][] }> {
  const query = tx
    .select({
      m: forDisplay ? displaySelection : getTableColumns(caseMessages),
      keyCreated: timestampKey(caseMessages.createdAt),
      keySorted: timestampKey(sortedAt),
    })
    .from(caseMessages)
    .where(
      and(
        eq(caseMessages.caseId, caseId),
        after
          ? sql`(${caseMessages.createdAt}, ${sortedAt}, ${caseMessages.id}) > (${after[0]}::timestamptz, ${after[1]}::timestamptz, ${after[2]}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(caseMessages.createdAt), asc(sortedAt), asc(caseMessages.id))
    .$dynamic();
  const rows = await (limit === undefined ? query : query.limit(limit));

  const ids = rows.map((r) => r.m.id);
  const files = ids.length
    ? await tx
        .select({
          id: attachments.id,
          caseMessageId: attachments.caseMessageId,
          filename: attachments.filename,
          contentType: attachments.contentType,
          size: attachments.size,
          contentId: attachments.contentId,
          inline: attachments.inline,
        })
        .from(attachments)
        .where(inArray(attachments.caseMessageId, ids))
        .orderBy(asc(attachments.createdAt), asc(attachments.id))
    : [];
  const filesByMessage = new Map<string, AttachmentView[]>();
  for (const { caseMessageId, ...file } of files) {
    const list = filesByMessage.get(caseMessageId) ?? [];
    list.push(file);
    filesByMessage.set(caseMessageId, list);
  }

  const items = rows.map(({ m }): CaseMessageView => ({
    id: m.id,
    direction: m.direction,
    messageId: m.messageId,
    inReplyTo: m.inReplyTo,
    references: m.references ?? [],
    from: m.fromAddress,
    fromName: m.fromName,
    to: m.to ?? [],
    cc: m.cc ?? [],
    replyTo: m.replyTo ?? [],
    subject: m.subject,
    sentAt: m.sentAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
    text: m.text,
    html: m.html,
    display: m.display,
    systemKind: m.systemKind,
    authorUserId: m.authorUserId,
    deliveryStatus: m.deliveryStatus,
    deliveryError: m.deliveryError,
    rawMessageId: m.rawMessageId,
    senderAuth: m.senderAuth ?? null,
    attachments: filesByMessage.get(m.id) ?? [],
  }));
  // keys[i] is items[i]'s position, for cursors.
  return { items, keys: rows.map((r) => [r.keyCreated, r.keySorted, r.m.id]) };
}
