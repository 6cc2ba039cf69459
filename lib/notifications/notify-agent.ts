// Notification emails to agents, sent by the outbox consumer (notification-consumer.ts) through the system's
// SMTP_URL. What sends one, and what never does:
//
//   case assigned (case.updated with an assignee, or a new case a rule assigned) → the new assignee
//   customer reply (message.received)                                            → the case's assignee
//
//   never: without SMTP_URL, imported history (imported cases and messages; a rule re-run over imported cases), the agent who
//   made the change, an agent who turned that kind off (account page), a case that changed hands again
//   before the mail went out, someone no longer a member.
//
// At most one email per (event, agent): the claim row (agent_notifications) is written before the send and
// taken back when the send fails, so the outbox's retry sends it then and a repeat never sends it twice.
import { and, desc, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { withTenant } from '@/db/tenancy';
import { agentNotifications, caseMessages, cases, memberships, tenants, users } from '@/db/schema';
import { env } from '@/lib/env';
import { sendSystemMail, type SystemMail } from '@/lib/mail/send/send-system-mail';
import type { OutboxEvent } from '@/lib/outbox/consumers';
import { cleanDisplayText } from '@/lib/text/clean-display-text';
import { webhookLinkBase } from '@/lib/webhooks/webhook-link-base';
import { getNotificationSettings } from './notification-settings';

export type NotificationKind = 'assigned' | 'customer-reply';

type Trigger = {
  kind: NotificationKind;
  caseId?: string;
  caseNumber?: number;
  /** assigned: who the case went to; customer-reply: the case's assignee at send time. */
  userId?: string;
  actorUserId: string | null;
  /** A rule re-run or another non-agent change: never over imported cases. */
  byAgent: boolean;
  messageId?: string | null;
  from?: string | null;
};

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined);

/** What in this event could notify someone, read from its payload alone (no database). */
export function notificationTrigger(event: Pick<OutboxEvent, 'type' | 'payload'>): Trigger | null {
  const p = event.payload;
  if (p.imported === true) return null;
  if (event.type === 'case.updated') {
    const assignee = (p.changes as { assignee?: { after?: unknown } } | undefined)?.assignee;
    const after = assignee?.after;
    const userId = str(after) ?? str((after as { id?: unknown } | null | undefined)?.id);
    if (!userId) return null;
    return {
      kind: 'assigned',
      caseId: str(p.caseId),
      caseNumber: num(p.caseNumber),
      userId,
      actorUserId: str(p.actorUserId) ?? null,
      byAgent: p.reason === 'agent',
    };
  }
  if (event.type === 'case.created') {
    const userId = str(p.assigneeId);
    if (!userId) return null;
    return { kind: 'assigned', caseId: str(p.caseId), userId, actorUserId: null, byAgent: false };
  }
  if (event.type === 'message.received') {
    return {
      kind: 'customer-reply',
      caseNumber: num(p.caseNumber),
      actorUserId: null,
      byAgent: false,
      messageId: str(p.messageId) ?? null,
      from: str(p.from) ?? null,
    };
  }
  return null;
}

/** Sends the event's notification, if it has one; resolves to whether an email went out now. */
export async function notifyAgentForEvent(event: OutboxEvent): Promise<boolean> {
  const trigger = notificationTrigger(event);
  // Without the system's SMTP server there is no one to hand them to (system mail would only be logged).
  if (!trigger || !env.SMTP_URL) return false;
  const planned = await withTenant(event.tenantId, (tx) => claimNotification(tx, event, trigger));
  if (!planned) return false;
  try {
    await sendSystemMail(planned.mail);
  } catch (err) {
    // Taken back, so the outbox's retry sends it.
    await withTenant(event.tenantId, (tx) =>
      tx
        .delete(agentNotifications)
        .where(and(eq(agentNotifications.eventId, event.id), eq(agentNotifications.userId, planned.userId))),
    );
    throw err;
  }
  return true;
}

async function claimNotification(
  tx: TenantTx,
  event: OutboxEvent,
  t: Trigger,
): Promise<{ userId: string; mail: SystemMail } | null> {
  const where = t.caseId ? eq(cases.id, t.caseId) : t.caseNumber ? eq(cases.number, t.caseNumber) : undefined;
  if (!where) return null;
  const [c] = await tx.select().from(cases).where(where);
  if (!c) return null;
  if (c.imported && !t.byAgent) return null;
  const userId = t.kind === 'assigned' ? t.userId : (c.assigneeId ?? undefined);
  // Nobody to tell, the agent's own change, or the case already went to someone else.
  if (!userId || userId === t.actorUserId || c.assigneeId !== userId) return null;

  const [agent] = await tx
    .select({ email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.userId, userId));
  if (!agent) return null;
  if (t.from && t.from.toLowerCase() === agent.email.toLowerCase()) return null;
  const settings = await getNotificationSettings(tx, { userId });
  if (t.kind === 'assigned' ? !settings.notifyOnAssign : !settings.notifyOnReply) return null;

  const claimed = await tx
    .insert(agentNotifications)
    .values({ tenantId: event.tenantId, eventId: event.id, userId, kind: t.kind })
    .onConflictDoNothing()
    .returning({ userId: agentNotifications.userId });
  if (!claimed.length) return null;

  const [tenant] = await tx
    .select({ name: tenants.name, slug: tenants.slug })
    .from(tenants)
    .where(eq(tenants.id, event.tenantId));
  const base = webhookLinkBase();
  const number = Number(c.number);
  const requester = c.requesterName ? `${c.requesterName} <${c.requesterEmail}>` : c.requesterEmail;
  const footer = [
    `Open it: ${base}/t/${tenant?.slug ?? ''}/cases/${number}`,
    '',
    `You get this email because notifications are on for you in ${tenant?.name ?? 'this workspace'}.`,
    `Turn them off on your account page: ${base}/account`,
  ];
  if (t.kind === 'assigned') {
    const by = t.actorUserId ? await agentName(tx, t.actorUserId) : 'A rule';
    return {
      userId,
      mail: {
        to: agent.email,
        subject: `Case #${number} assigned to you: ${oneLine(c.subject)}`,
        text: [
          `${by} assigned case #${number} to you.`,
          '',
          oneLine(c.subject),
          `Requester: ${requester}`,
          '',
          ...footer,
        ].join('\n'),
      },
    };
  }
  const excerpt = await replyExcerpt(tx, c.id, t.messageId ?? null);
  return {
    userId,
    mail: {
      to: agent.email,
      subject: `New reply on case #${number}: ${oneLine(c.subject)}`,
      text: [
        `${t.from ?? requester} replied on case #${number}, assigned to you.`,
        '',
        oneLine(c.subject),
        ...(excerpt ? ['', excerpt] : []),
        '',
        ...footer,
      ].join('\n'),
    },
  };
}

async function agentName(tx: TenantTx, userId: string): Promise<string> {
  const [u] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, userId));
  return u?.name || u?.email || 'An agent';
}

/** The reply's own words (the stored preview: quoted text left out), a few hundred characters at most. */
async function replyExcerpt(tx: TenantTx, caseId: string, messageId: string | null): Promise<string | null> {
  const [row] = await tx
    .select({ preview: caseMessages.preview })
    .from(caseMessages)
    .where(
      and(
        eq(caseMessages.caseId, caseId),
        eq(caseMessages.direction, 'in'),
        messageId ? eq(caseMessages.messageId, messageId) : undefined,
      ),
    )
    .orderBy(desc(caseMessages.createdAt))
    .limit(1);
  const text = row?.preview?.trim();
  return text ? (text.length > 500 ? `${text.slice(0, 500)}…` : text) : null;
}

/** Subjects are text from strangers: one line, no invisible or control characters, bounded. */
function oneLine(text: string): string {
  const clean = cleanDisplayText(text).trim();
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
