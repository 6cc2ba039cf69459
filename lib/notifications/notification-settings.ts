// An agent's notification emails in one workspace: on assignment, on a customer's reply to their case. Both
// are on until the agent turns them off (account page).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { agentSettings } from '@/db/schema';

export type NotificationSettings = { notifyOnAssign: boolean; notifyOnReply: boolean };

export const notificationSettingsInput = z.object({ notifyOnAssign: z.boolean(), notifyOnReply: z.boolean() });

export async function getNotificationSettings(
  tx: TenantTx,
  { userId }: { userId: string },
): Promise<NotificationSettings> {
  const [row] = await tx
    .select({ notifyOnAssign: agentSettings.notifyOnAssign, notifyOnReply: agentSettings.notifyOnReply })
    .from(agentSettings)
    .where(eq(agentSettings.userId, userId));
  return row ?? { notifyOnAssign: true, notifyOnReply: true };
}

export async function setNotificationSettings(
  tx: TenantTx,
  { tenantId, userId, input }: { tenantId: string; userId: string; input: unknown },
): Promise<NotificationSettings> {
  const settings = notificationSettingsInput.parse(input);
  await tx
    .insert(agentSettings)
    .values({ tenantId, userId, ...settings })
    .onConflictDoUpdate({ target: [agentSettings.tenantId, agentSettings.userId], set: settings });
  return settings;
}
