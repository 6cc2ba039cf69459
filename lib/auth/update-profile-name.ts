// A user changes the name teammates see instead of their address (history, assignee lists, notification emails).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { SystemTx } from '@/db/tenancy';
import { users } from '@/db/schema';

export const profileNameInput = z.object({
  name: z.string().trim().max(100, 'Use at most 100 characters for your name.'),
});

export async function updateProfileName(
  tx: SystemTx,
  { userId, input }: { userId: string; input: unknown },
): Promise<{ name: string | null }> {
  const { name } = profileNameInput.parse(input);
  await tx
    .update(users)
    .set({ name: name || null })
    .where(eq(users.id, userId));
  return { name: name || null };
}
