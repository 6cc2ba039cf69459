// GET /api/attachments/inline/:token – an inline (cid:) image for the sandboxed email frame. The
// frame has an opaque origin and sends no cookie, so the signed token is the permission; only
// raster images are served, with nosniff and a sandbox CSP.
import { withTenant } from '@/db/tenancy';
import { isAppError } from '@/lib/errors';
import { INLINE_IMAGE_TYPES } from '@/lib/cases/attachment-response';
import { getAttachment } from '@/lib/cases/get-attachment';
import { verifyInlineImage } from '@/lib/cases/inline-image-token';

export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const access = verifyInlineImage(token);
  const missing = new Response('Not found.', { status: 404, headers: { 'X-Content-Type-Options': 'nosniff' } });
  if (!access) return missing;
  try {
    const file = await withTenant(access.tenantId, (tx) => getAttachment(tx, access.attachmentId));
    const type = file.contentType.toLowerCase().split(';')[0].trim();
    if (!INLINE_IMAGE_TYPES.has(type)) return missing;
    return new Response(new Uint8Array(file.content), {
      headers: {
        'Content-Type': type,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'private, max-age=3600',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      },
    });
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') return missing;
    throw err;
  }
}
