// GET /t/:slug/settings/mailboxes/:id/progress – a mailbox's state and import progress in a few bytes
// ({"state":"importing","processed":300,"total":1000}): the mailbox page asks it every second during an import
// instead of rendering the whole page again. 404 for a mailbox of another tenant or no membership.
import { getMailbox } from '@/lib/mailboxes/get-mailbox';
import { memberRoute, noStoreJson } from '@/app/t/[slug]/_lib/tenant-for-route';

export const dynamic = 'force-dynamic';

export const GET = memberRoute<{ id: string }>(async ({ tx, params }) => {
  const m = await getMailbox(tx, params.id);
  return noStoreJson({ state: m.state, processed: m.importProcessed, total: m.importTotal });
});
