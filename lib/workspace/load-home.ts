// What Home shows an agent: their open cases, open cases nobody has, cases new since their last visit,
// and mailboxes that need someone (an error, a refused OAuth grant, credentials about to expire,
// quarantined mail waiting for review).
import { and, count, desc, eq, gt, isNull } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { cases, ignoredMessages } from '@/db/schema';
import { countCasesByStatus } from '@/lib/cases/count-cases-by-status';
import { toCaseView, type CaseView } from '@/lib/cases/queries/case-view';
import { listCases } from '@/lib/cases/queries/list-cases';
import { credentialLabel, credentialWarnings, describeExpiry } from '@/lib/mailboxes/credential-health';
import { listMailboxes } from '@/lib/mailboxes/list-mailboxes';

const SHOWN = 5;

export type HomeSection = { count: number; items: CaseView[] };
export type MailboxAttention = {
  id: string;
  email: string;
  state: string;
  lastError: string | null;
  /** Quarantined messages not yet released (the review queue). */
  quarantined: number;
  /** Credentials expiring within two weeks (or expired): what, when, and what to do. */
  credentials: { kind: string; text: string; advice: string }[];
};
export type Home = {
  myOpen: HomeSection;
  unassigned: HomeSection;
  newSince: HomeSection & { since: Date | null };
  mailboxes: MailboxAttention[];
  mailboxCount: number;
};

export async function loadHome(tx: TenantTx, { userId, since }: { userId: string; since: Date | null }): Promise<Home> {
  const mine = await countCasesByStatus(tx, { assignee: userId });
  const unassigned = await countCasesByStatus(tx, { assignee: 'unassigned' });
  const myOpen = await listCases(tx, { assignee: userId, status: 'open', limit: SHOWN });
  const unassignedOpen = await listCases(tx, { assignee: 'unassigned', status: 'open', limit: SHOWN });

  // New mail only: imported history is not news. On a first visit, the last 24 hours.
  const from = since ?? new Date(Date.now() - 24 * 3600_000);
  const newWhere = and(eq(cases.imported, false), gt(cases.createdAt, from));
  const [{ n: newCount }] = await tx.select({ n: count() }).from(cases).where(newWhere);
  const newRows = await tx.select().from(cases).where(newWhere).orderBy(desc(cases.createdAt)).limit(SHOWN);

  const mailboxes = await listMailboxes(tx);
  const quarantined = await tx
    .select({ mailboxId: ignoredMessages.mailboxId, n: count() })
    .from(ignoredMessages)
    .where(and(eq(ignoredMessages.outcome, 'quarantined'), isNull(ignoredMessages.releasedAt)))
    .groupBy(ignoredMessages.mailboxId);
  const waiting = new Map(quarantined.map((q) => [q.mailboxId, Number(q.n)]));
  const now = new Date();
  const attention = mailboxes
    .map((m) => ({
      id: m.id,
      email: m.email,
      state: m.state,
      lastError: m.state === 'error' || m.state === 'needs_reauth' ? m.lastError : null,
      quarantined: waiting.get(m.id) ?? 0,
      credentials: credentialWarnings(m, now).map((w) => ({
        kind: w.kind,
        text: `${credentialLabel[w.kind]} ${describeExpiry(w, now)}.`,
        advice: w.advice,
      })),
    }))
    .filter((m) => m.state === 'error' || m.state === 'needs_reauth' || m.quarantined > 0 || m.credentials.length > 0);

  return {
    myOpen: { count: mine.open, items: myOpen.items },
    unassigned: { count: unassigned.open, items: unassignedOpen.items },
    newSince: { since, count: Number(newCount), items: newRows.map(toCaseView) },
    mailboxes: attention,
    mailboxCount: mailboxes.length,
  };
}
