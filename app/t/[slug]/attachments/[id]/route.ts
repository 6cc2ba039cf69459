// GET /t/:slug/attachments/:id – download an attachment (signed-in member; 404 otherwise or for another tenant's id)
import { attachmentDownloadResponse } from '@/lib/cases/attachment-response';
import { getAttachment } from '@/lib/cases/get-attachment';
import { memberRoute } from '@/app/t/[slug]/_lib/tenant-for-route';

export const GET = memberRoute<{ id: string }>(async ({ tx, params }) =>
  attachmentDownloadResponse(await getAttachment(tx, params.id)),
);
