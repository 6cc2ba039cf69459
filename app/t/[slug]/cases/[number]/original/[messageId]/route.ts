// GET /t/:slug/cases/:number/original/:messageId – "view original": the raw RFC 822 source as text
import { getRawMessage } from '@/lib/cases/get-raw-message';
import { memberRoute } from '@/app/t/[slug]/_lib/tenant-for-route';

export const GET = memberRoute<{ messageId: string }>(async ({ tx, params }) => {
  const raw = await getRawMessage(tx, params.messageId);
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
