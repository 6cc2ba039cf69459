// The exact RFC 822 bytes behind a history entry ("view original"), from the current tenant only.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, rawMessages } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';

export async function getRawMessage(tx: TenantTx, caseMessageId: string): Promise<Buffer> {
  const notFound = new AppError('not_found', 'There is no original for this message.');
  if (!isUuid(caseMessageId)) throw notFound;
  const [row] = await tx
    .select({ content: rawMessages.content })
    .from(caseMessages)
    .innerJoin(rawMessages, eq(rawMessages.id, caseMessages.rawMessageId))
    .where(eq(caseMessages.id, caseMessageId));
  if (!row) throw notFound;
  return row.content;
}
