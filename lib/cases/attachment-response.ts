// How attachment bytes leave the app (docs/architecture.md, invariant 6): always as a download, never sniffed,
// never rendered as a page of ours (CSP sandbox), the filename as an RFC 6266 parameter.
import { cleanDisplayText } from '@/lib/text/clean-display-text';
import { truncateCodeUnits } from '@/lib/text/truncate-text';

export function attachmentDownloadResponse(file: { filename: string; contentType: string; content: Buffer }): Response {
  // Cut on a character boundary: a surrogate pair split at 200 made encodeURIComponent throw (500).
  const name = truncateCodeUnits(cleanDisplayText(file.filename), 200);
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_').slice(0, 150) || 'attachment';
  return new Response(new Uint8Array(file.content), {
    headers: {
      // The declared type is the sender's claim; an octet stream is never interpreted.
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Content-Length': String(file.content.length),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    },
  });
}

/** Raster images only: SVG can carry script, and everything else has no business in an <img>. */
export const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
