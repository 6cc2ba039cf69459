import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { getMailbox } from '@/lib/mailboxes/get-mailbox';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { withTenant } from '@/db/tenancy';

// POST /api/v1/mailboxes/:id/sync – fetch new mail now; answers with the run's counts
export const POST = apiRoute(
  { params: z.object({ id: z.string() }), transaction: false },
  async ({ tenantId, params }) => {
    const mailbox = await withTenant(tenantId, (tx) => getMailbox(tx, params.id)); // 404 for another tenant's id
    return syncMailbox(mailbox.id, { trigger: 'api' });
  },
);
