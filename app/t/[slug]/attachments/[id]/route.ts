// GET /t/:slug/attachments/:id – download an attachment (signed-in member; 404 otherwise or for another tenant's id)
import { attachmentDownloadResponse } from '@/lib/cases/attachment-response';
import { getAttachment } from '@/lib/cases/get-attachment';
import { respondInTenant } from '../../cases/_lib/tenant-for-route';

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ slug: string; id: string }> },
): Promise<Response> {
  const { slug, id } = await params;
  return respondInTenant(slug, async (tx) => attachmentDownloadResponse(await getAttachment(tx, id)));
}
