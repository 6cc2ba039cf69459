// An agent's saved views of the cases list: a name and the list's query string, theirs alone (other
// agents of the workspace neither see nor change them).
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { savedViews } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { isUniqueViolation } from '@/lib/mailboxes/unique-violation';

export const MAX_SAVED_VIEWS = 30;

export const saveViewInput = z.object({
  name: z.string().trim().min(1, 'Name the view.').max(60, 'A view name has at most 60 characters.'),
  /** The list's query string; anything else in it is dropped when the list reads it. */
  query: z
    .string()
    .trim()
    .max(1000)
    .transform((q) => q.replace(/^\?/, ''))
    .transform((q) => {
      const params = new URLSearchParams(q);
      params.delete('cursor');
      return params.toString();
    }),
});

export type SavedView = { id: string; name: string; query: string };

export async function listSavedViews(tx: TenantTx, { userId }: { userId: string }): Promise<SavedView[]> {
  return tx
    .select({ id: savedViews.id, name: savedViews.name, query: savedViews.query })
    .from(savedViews)
    .where(eq(savedViews.userId, userId))
    .orderBy(asc(sql`lower(${savedViews.name})`));
}

export async function saveView(
  tx: TenantTx,
  { tenantId, userId, input }: { tenantId: string; userId: string; input: unknown },
): Promise<SavedView> {
  const { name, query } = saveViewInput.parse(input);
  const existing = await listSavedViews(tx, { userId });
  if (existing.length >= MAX_SAVED_VIEWS)
    throw new AppError('validation', `You have ${MAX_SAVED_VIEWS} saved views; delete one first.`);
  if (existing.some((v) => v.name.toLowerCase() === name.toLowerCase()))
    throw new AppError('conflict', `You already have a view named “${name}”.`, { field: 'name' });
  try {
    const [row] = await tx
      .insert(savedViews)
      .values({ tenantId, userId, name, query })
      .returning({ id: savedViews.id, name: savedViews.name, query: savedViews.query });
    return row;
  } catch (err) {
    if (isUniqueViolation(err, 'saved_views_user_name_key'))
      throw new AppError('conflict', `You already have a view named “${name}”.`, { field: 'name' });
    throw err;
  }
}

export async function deleteSavedView(tx: TenantTx, { userId, id }: { userId: string; id: string }): Promise<void> {
  const deleted = await tx
    .delete(savedViews)
    .where(and(eq(savedViews.id, id), eq(savedViews.userId, userId)))
    .returning({ id: savedViews.id });
  if (!deleted.length) throw new AppError('not_found', 'That view does not exist.');
}
