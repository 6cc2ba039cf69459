// GET /t/:slug/cases/:number/original/:messageId – "view original": the raw RFC 822 source as text
import { getRawMessage } from '@/lib/cases/get-raw-message';
import { respondInTenant } from '../../../_lib/tenant-for-route';

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ slug: string; messageId: string }> },
): Promise<Response> {
  const { slug, messageId } = await params;
  return respondInTenant(slug, async (tx) => {
    const raw = await getRawMessage(tx, messageId);
    // Shown as text whatever it holds: never sniffed, never run (CSP sandbox), not cached.
    return new Response(new Uint8Array(raw), {
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Content-Disposition': 'inline; filename="original.eml.txt"',
        'Cache-Control': 'private, no-store',
      },
    });
  });
}
