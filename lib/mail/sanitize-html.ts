// Email HTML is hostile (docs/architecture.md, invariant 6). This is the one place it is made safe to show: an
// allow-list sanitizer run once on the server, whose output goes into a sandboxed iframe with a
// CSP of its own (see emailFrameDocument). Two layers on purpose: the sanitizer removes scripts,
// handlers, forms, frames and every remote reference while images are blocked; the frame's CSP and
// sandbox stop anything the sanitizer might miss from running or fetching.
import sanitize from 'sanitize-html';

export type SanitizeEmailOptions = {
  /** Map a `cid:` reference (without "cid:") to a URL on our own origin, or null when we do not have it. */
  cidUrl?: (contentId: string) => string | null;
  /** Keep http(s) images and backgrounds (the agent clicked "show images"). Default: blocked. */
  remoteImages?: boolean;
  /**
   * For stored output (lib/mail/derive-content.ts): a blocked remote image keeps its URL in
   * data-cf-remote-src, so "show images" can restore it at render time without sanitizing again.
   */
  markBlocked?: boolean;
};

/** The attribute a blocked remote image's URL is kept in (stored output only). */
export const BLOCKED_SRC_ATTRIBUTE = 'data-cf-remote-src';

export type SanitizedEmail = { html: string; blockedRemoteImages: number };

const allowedTags = [
  'a',
  'abbr',
  'address',
  'b',
  'bdi',
  'bdo',
  'big',
  'blockquote',
  'br',
  'caption',
  'center',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'details',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'font',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'tt',
  'u',
  'ul',
  'var',
  'wbr',
];

const layoutAttributes = [
  'align',
  'valign',
  'width',
  'height',
  'bgcolor',
  'border',
  'cellpadding',
  'cellspacing',
  'colspan',
  'rowspan',
  'dir',
  'lang',
  'title',
  'style',
];

// Properties an email needs to look like itself; no positioning that could overlay our UI text, no behaviour.
const safeValue = /^(?!.*(?:url\s*\(|expression\s*\(|javascript:|@import|\\|\/\*|behavior|-moz-binding))[^<>{};]*$/i;
const styleProperties = [
  'color',
  'background-color',
  'font',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'line-height',
  'letter-spacing',
  'text-align',
  'text-decoration',
  'text-transform',
  'text-indent',
  'vertical-align',
  'white-space',
  'word-break',
  'word-wrap',
  'margin',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-color',
  'border-style',
  'border-width',
  'border-collapse',
  'border-spacing',
  'border-radius',
  'width',
  'max-width',
  'min-width',
  'height',
  'max-height',
  'min-height',
  'display',
  'list-style-type',
  'table-layout',
  'direction',
];

const QUOTE_MARK = 'data-cf-quote';

function isRemote(url: string): boolean {
  return /^\s*(https?:)?\/\//i.test(url);
}

export function sanitizeEmailHtml(html: string, opts: SanitizeEmailOptions = {}): SanitizedEmail {
  let blockedRemoteImages = 0;
  const cidUrl = opts.cidUrl ?? (() => null);

  const clean = sanitize(html, {
    allowedTags,
    // Not even their text: a <style> or <script> body shown as text is noise, not content.
    nonTextTags: [
      'style',
      'script',
      'textarea',
      'option',
      'noscript',
      'title',
      'head',
      'template',
      'xmp',
      'iframe',
      'noembed',
      'noframes',
      'svg',
      'math',
      'object',
    ],
    disallowedTagsMode: 'discard',
    allowedAttributes: {
      '*': layoutAttributes,
      a: ['href', 'name', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height', ...(opts.markBlocked ? [BLOCKED_SRC_ATTRIBUTE] : [])],
      blockquote: [QUOTE_MARK],
      details: [QUOTE_MARK],
      font: ['color', 'face', 'size'],
      ol: ['start', 'type'],
      td: ['nowrap'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https', 'cid', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    allowedStyles: { '*': Object.fromEntries(styleProperties.map((p) => [p, [safeValue]])) },
    parseStyleAttributes: true,
    enforceHtmlBoundary: true,
    transformTags: {
      // Links open outside the frame, with no referrer and no opener.
      a: (tagName, attribs) => {
        const href = attribs.href ?? '';
        const out: Record<string, string> = { ...attribs };
        if (/^\s*(https?:|mailto:|tel:)/i.test(href))
          Object.assign(out, { target: '_blank', rel: 'noopener noreferrer nofollow' });
        else delete out.href;
        return { tagName, attribs: out };
      },
      img: (tagName, attribs) => {
        const src = (attribs.src ?? '').trim();
        const out: Record<string, string> = { ...attribs };
        delete out[BLOCKED_SRC_ATTRIBUTE]; // only ever set by us, below
        if (/^cid:/i.test(src)) {
          const url = cidUrl(decodeCid(src.slice(4)).replace(/^<|>$/g, ''));
          if (url) out.src = url;
          else delete out.src;
        } else if (/^data:image\/(png|jpe?g|gif|webp);base64,[a-z0-9+/=\s]+$/i.test(src)) {
          out.src = src;
        } else if (isRemote(src) && /^\s*https?:/i.test(src)) {
          if (!opts.remoteImages) {
            blockedRemoteImages++;
            delete out.src;
            if (opts.markBlocked) out[BLOCKED_SRC_ATTRIBUTE] = src;
            out.alt = out.alt ? `[image: ${out.alt}]` : '[remote image blocked]';
          }
        } else {
          delete out.src;
        }
        return { tagName, attribs: out };
      },
      blockquote: (tagName, attribs) => ({ tagName, attribs: { ...attribs, [QUOTE_MARK]: '1' } }),
      // A mail can not mark its own quotes (the marker turns into markup below).
      details: (tagName, attribs) => {
        const out = { ...attribs };
        delete out[QUOTE_MARK];
        return { tagName, attribs: out };
      },
    },
  });

  // Quoted text of replies is collapsed: each top-level blockquote becomes a closed <details>.
  const collapsed = collapseQuotes(clean);
  return { html: collapsed, blockedRemoteImages };
}

function collapseQuotes(html: string): string {
  let depth = 0;
  let out = '';
  let i = 0;
  while (i < html.length) {
    if (html.startsWith('<blockquote', i)) {
      const end = html.indexOf('>', i);
      if (depth === 0) out += '<details class="cf-quote"><summary>Show quoted text</summary>';
      out += html.slice(i, end + 1);
      depth++;
      i = end + 1;
      continue;
    }
    if (html.startsWith('</blockquote>', i)) {
      out += '</blockquote>';
      depth = Math.max(0, depth - 1);
      if (depth === 0) out += '</details>';
      i += '</blockquote>'.length;
      continue;
    }
    const next = html.indexOf('<', i + 1);
    const stop = next === -1 ? html.length : next;
    out += html.slice(i, stop);
    i = stop;
  }
  return out;
}

/** CSP for the frame: nothing at all, except inline styles and images from our own origin (and remote ones once allowed). */
export function emailFrameCsp(appOrigin: string, remoteImages: boolean): string {
  const img = remoteImages ? `${appOrigin} data: https: http:` : `${appOrigin} data:`;
  return `default-src 'none'; img-src ${img}; style-src 'unsafe-inline'; font-src 'none'; form-action 'none'; base-uri 'none'`;
}

/** The complete document for the iframe's srcdoc. `sanitizedHtml` must come from sanitizeEmailHtml. */
export function emailFrameDocument(sanitizedHtml: string, opts: { appOrigin: string; remoteImages: boolean }): string {
  const csp = emailFrameCsp(opts.appOrigin, opts.remoteImages).replace(/"/g, '&quot;');
  return (
    `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<meta name="referrer" content="no-referrer"><base target="_blank">' +
    '<style>body{margin:0;padding:8px;font:14px/1.5 system-ui,sans-serif;color:#0f172a;overflow-wrap:anywhere}img{max-width:100%;height:auto}' +
    'details.cf-quote>summary{cursor:pointer;color:#475569;font-size:12px}blockquote{margin:0 0 0 8px;padding-left:8px;border-left:2px solid #cbd5e1}</style>' +
    `</head><body>${sanitizedHtml}</body></html>`
  );
}

/** A cid: URL's Content-ID (RFC 2392: %-escaped); a malformed escape ("cid:%") is taken as written. */
function decodeCid(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
