// GET /t/:slug/attachments/:id – download an attachment (signed-in member; 404 otherwise or for another tenant's id)
import { withTenant } from '@/db/tenancy';
import { isAppError } from '@/lib/errors';
import { attachmentDownloadResponse } from '@/lib/cases/attachment-response';
import { getAttachment } from '@/lib/cases/get-attachment';
import { notFoundResponse, tenantForRoute } from '../../cases/_lib/tenant-for-route';

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ slug: string; id: string }> },
): Promise<Response> {
  const { slug, id } = await params;
  const access = await tenantForRoute(slug);
  if (!access) return notFoundResponse();
  try {
    return attachmentDownloadResponse(await withTenant(access.tenantId, (tx) => getAttachment(tx, id)));
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') return notFoundResponse();
    throw err;
  }
}
