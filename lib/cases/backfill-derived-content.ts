// Display content for history rows stored before it existed, or derived by an older version
// (DERIVED_CONTENT_VERSION in lib/mail/derive-content.ts). A resumable job: each call takes the next
// rows whose display_version is behind, derives their content in the message worker pool under the
// message budget, and stores it; a crash loses nothing (the rows are simply still behind). The runner
// calls it on every tick (lib/runner/periodic-tasks.ts). Until a row is backfilled, the page renders
// what it stored before, never a fresh sanitize.
import { asc, eq, lt, sql } from 'drizzle-orm';
import { caseMessages } from '@/db/schema';
import { withSystem, withTenant, type Tx } from '@/db/tenancy';
import {
  DERIVED_CONTENT_VERSION,
  plainContent,
  type DerivedContent,
  type DeriveInput,
} from '@/lib/mail/derive-content';
import { deriveContentInPool } from '@/lib/mail/pool/read-message-in-pool';

export type DeriveStored = (input: DeriveInput) => Promise<DerivedContent | null>;

const inPool: DeriveStored = async (input) => {
  const done = await deriveContentInPool(input);
  return done.ok ? done.value : null;
};

/** Backfills up to `limit` rows (of one tenant, when given); returns how many were brought up to `version`. */
export async function backfillDerivedContent({
  limit = 100,
  version = DERIVED_CONTENT_VERSION,
  derive = inPool,
  tenantId,
}: { limit?: number; version?: number; derive?: DeriveStored; tenantId?: string } = {}): Promise<{
  updated: number;
}> {
  const within = <T>(fn: (tx: Tx) => Promise<T>) => (tenantId ? withTenant(tenantId, fn) : withSystem(fn));
  const behind = sql`coalesce(${caseMessages.displayVersion}, 0)`;
  const rows = await within((tx) =>
    tx
      .select({
        id: caseMessages.id,
        direction: caseMessages.direction,
        text: caseMessages.text,
        html: caseMessages.html,
      })
      .from(caseMessages)
      .where(lt(behind, version))
      .orderBy(asc(behind), asc(caseMessages.id))
      .limit(limit),
  );
  let updated = 0;
  for (const row of rows) {
    // Mail as received goes through the pool; our own text (notes, replies, system events) is shown as written.
    const derived =
      row.direction === 'in'
        ? ((await derive({ html: row.html, text: row.text })) ?? plainContent(row.text))
        : plainContent(row.text);
    const display = { ...derived, version };
    await within((tx) =>
      tx
        .update(caseMessages)
        .set({ display, displayVersion: version, preview: display.preview })
        .where(eq(caseMessages.id, row.id)),
    );
    updated++;
  }
  return { updated };
}
