// Stored sanitized HTML (lib/mail/derive-content.ts) made ready for the email frame at request
// time, with fixed-string scans only: cid: images point at this request's signed inline-image URLs,
// and, once the agent asked for them, blocked remote images get their src back. The HTML is not
// parsed or sanitized again here: that happened once, at ingestion.
import { BLOCKED_SRC_ATTRIBUTE } from './sanitize-html';

const CID_SRC = 'src="cid:';

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

export function renderStoredHtml(
  html: string,
  opts: { remoteImages: boolean; cidUrl: (contentId: string) => string | null },
): string {
  let out = '';
  let at = 0;
  for (let i = html.indexOf(CID_SRC); i !== -1; i = html.indexOf(CID_SRC, at)) {
    const start = i + CID_SRC.length;
    const end = html.indexOf('"', start);
    if (end === -1) break;
    let cid = html.slice(start, end);
    try {
      cid = decodeURIComponent(cid);
    } catch {
      // kept as written
    }
    const url = opts.cidUrl(cid);
    out += html.slice(at, i) + (url ? `src="${escapeAttribute(url)}"` : 'data-cf-missing=""');
    at = end + 1;
  }
  out += html.slice(at);
  return opts.remoteImages ? out.replaceAll(` ${BLOCKED_SRC_ATTRIBUTE}="`, ' src="') : out;
}

/** Whether the stored HTML shows this inline image (then it is not listed again as a file). */
export function storedHtmlShowsCid(html: string | null | undefined, contentId: string): boolean {
  return Boolean(html?.includes(`${CID_SRC}${encodeURIComponent(contentId)}"`));
}
