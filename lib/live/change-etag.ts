// Conditional requests for lists: the tenant's newest change-feed id stamps its data, so "has anything
// changed since this ETag?" costs one index lookup instead of running the list. The stamp is read before
// the list in the same transaction, so an answer is never labelled newer than it is (at worst a
// client downloads an unchanged list once more).
import { createHash } from 'node:crypto';
import type { Tx } from '@/db/client';
import { latestLiveEventId } from './list-live-events';

export async function changeEtag(
  tx: Tx,
  { tenantId, variant }: { tenantId: string; variant: string },
): Promise<string> {
  const stamp = await latestLiveEventId(tx);
  const hash = createHash('sha256').update(`${tenantId}\n${variant}`).digest('base64url').slice(0, 16);
  return `W/"${stamp}-${hash}"`;
}

/** True when the request's If-None-Match names `etag` (or is "*"). */
export function matchesIfNoneMatch(request: Request, etag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  const weak = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || weak(t) === weak(etag));
}
