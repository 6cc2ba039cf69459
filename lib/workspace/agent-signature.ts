// An agent's signature in a workspace, appended to the replies they send ("-- " and the text, the usual
// plain-text signature separator).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { agentSettings } from '@/db/schema';

export const signatureInput = z.object({
  signature: z.string().trim().max(2000, 'A signature has at most 2,000 characters.'),
});

export async function getAgentSignature(tx: TenantTx, { userId }: { userId: string }): Promise<string | null> {
  const [row] = await tx
    .select({ signature: agentSettings.signature })
    .from(agentSettings)
    .where(eq(agentSettings.userId, userId));
  return row?.signature || null;
}

export async function setAgentSignature(
  tx: TenantTx,
  { tenantId, userId, input }: { tenantId: string; userId: string; input: unknown },
): Promise<void> {
  const { signature } = signatureInput.parse(input);
  await tx
    .insert(agentSettings)
    .values({ tenantId, userId, signature: signature || null })
    .onConflictDoUpdate({
      target: [agentSettings.tenantId, agentSettings.userId],
      set: { signature: signature || null },
    });
}

/** The reply text with the signature below it (once: a text that already ends with it is left alone). */
export function withSignature(text: string, signature: string | null): string {
  if (!signature) return text;
  const block = `-- \n${signature}`;
  return text.trimEnd().endsWith(block.trimEnd()) ? text : `${text.trimEnd()}\n\n${block}`;
}
