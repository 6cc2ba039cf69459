import { z } from 'zod';
import { apiRoute } from '@/lib/api/api-route';
import { testStoredMailbox } from '@/lib/mailboxes/test-connection';

// POST /api/v1/mailboxes/:id/test – connect and count the messages present; a failed test is a 200 with ok:false
export const POST = apiRoute(
  { params: z.object({ id: z.string() }), transaction: false },
  async ({ tenantId, params }) => testStoredMailbox({ tenantId, mailboxId: params.id }),
);
