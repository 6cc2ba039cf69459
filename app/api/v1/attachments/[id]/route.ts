// GET /api/v1/attachments/:id – an attachment's bytes, as a download (nosniff); 404 for another tenant's id
import { z } from 'zod';
import { attachmentDownloadResponse } from '@/lib/cases/attachment-response';
import { apiRoute } from '@/lib/api/api-route';
import { getAttachment } from '@/lib/cases/get-attachment';

export const GET = apiRoute({ params: z.object({ id: z.string() }) }, async ({ tx, params }) =>
  attachmentDownloadResponse(await getAttachment(tx, params.id)),
);
