// Releases an ignored or held message in its tenant, as an agent's "Release" (or `ignored release`) does: the one
// call the tests about what a release opens share. The actor is the system unless a test names another.
import { withTenant } from '@/db/tenancy';
import { releaseIgnoredMessage } from '@/lib/cases/release-ignored-message';

type Actor = Parameters<typeof releaseIgnoredMessage>[1]['actor'];

export function releaseIgnored(tenantId: string, ignoredMessageId: string, actor: Actor = { kind: 'system' }) {
  return withTenant(tenantId, (tx) => releaseIgnoredMessage(tx, { tenantId, ignoredMessageId, actor }));
}
