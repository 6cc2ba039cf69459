// The email HTML sanitizer (docs/architecture.md, invariant 6): what survives, what never does.
import { describe, expect, it } from 'vitest';
import { emailFrameDocument, sanitizeEmailHtml } from '@/lib/mail/sanitize-html';
import { splitQuotedText } from '@/lib/mail/split-quoted-text';

const clean = (html: string, remoteImages = false) =>
  sanitizeEmailHtml(html, { remoteImages, cidUrl: (cid) => (cid === 'logo@x' ? 'https://app.test/i/1' : null) });

describe('sanitizeEmailHtml', () => {
  it.each([
    ['script tag', '<p>a</p><script>alert(1)</script>'],
    ['event handler', '<img src="cid:logo@x" onerror="alert(1)"><b onmouseover=alert(1)>b</b>'],
    ['javascript: link', '<a href="javascript:alert(1)">x</a><a href="  JaVaScRiPt:alert(1)">y</a>'],
    ['svg', '<svg onload=alert(1)><script>alert(1)</script></svg>'],
    ['mathml', '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>'],
    ['iframe/object/embed', '<iframe src="https://evil.test"></iframe><object data="x"></object><embed src="x">'],
    ['form', '<form action="https://evil.test"><input><button formaction="javascript:alert(1)">b</button></form>'],
    [
      'meta refresh and link',
      '<meta http-equiv="refresh" content="0;url=https://evil.test"><link rel="stylesheet" href="https://evil.test/a.css">',
    ],
    ['noscript mutation', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
    [
      'style import',
      '<style>@import url(https://evil.test/x.css); body{background:url(https://evil.test/b)}</style><p>t</p>',
    ],
    ['base', '<base href="https://evil.test/">'],
  ])('removes %s', (_, html) => {
    const out = clean(html).html;
    expect(out).not.toMatch(
      /<script|onerror|onload|onmouseover|javascript:|<svg|<math|<iframe|<object|<embed|<form|<meta|<link|<style|<base|evil\.test/i,
    );
  });

  it('blocks remote images and CSS backgrounds until allowed, and counts them', () => {
    const html =
      '<img src="https://tracker.test/p.gif" alt="logo"><div style="background-image:url(https://tracker.test/b.png);color:red">x</div>';
    const blocked = clean(html);
    expect(blocked.blockedRemoteImages).toBe(1);
    expect(blocked.html).not.toContain('tracker.test');
    expect(blocked.html).toContain('color:red');
    const shown = clean(html, true);
    expect(shown.html).toContain('src="https://tracker.test/p.gif"');
    // Backgrounds stay out even then: a style can not fetch anything.
    expect(shown.html).not.toContain('b.png');
  });

  it('points cid: images at our own route and drops unknown ones', () => {
    const out = clean('<img src="cid:logo@x"><img src="cid:missing@x">').html;
    expect(out).toContain('src="https://app.test/i/1"');
    expect(out.match(/src=/g)).toHaveLength(1);
  });

  it('a malformed %-escape in a cid: reference drops the image instead of throwing (used to be a 500)', () => {
    const out = clean('<p>hi</p><img src="cid:%"><img src="cid:%E0%A4%A">').html;
    expect(out).toContain('<p>hi</p>');
    expect(out).not.toContain('src=');
  });

  it('keeps links, opening them outside the frame without referrer', () => {
    const out = clean('<a href="https://example.com/a?b=1">x</a>').html;
    expect(out).toContain('href="https://example.com/a?b=1"');
    expect(out).toContain('target="_blank"');
    expect(out).toContain('rel="noopener noreferrer nofollow"');
  });

  it('collapses quoted text into a closed details element', () => {
    const out = clean('<p>Thanks</p><blockquote type="cite">old <blockquote>older</blockquote></blockquote>').html;
    expect(out).toMatch(/^<p>Thanks<\/p><details class="cf-quote"><summary>Show quoted text<\/summary><blockquote/);
    expect(out.match(/<details/g)).toHaveLength(1);
    expect(out.endsWith('</blockquote></blockquote></details>')).toBe(true);
  });

  it('the frame document carries a CSP with default-src none and no script source', () => {
    const doc = emailFrameDocument('<p>x</p>', { appOrigin: 'https://app.test', remoteImages: false });
    expect(doc).toContain("default-src 'none'");
    expect(doc).toContain('img-src https://app.test data:;');
    expect(doc).not.toContain('script-src');
  });
});

describe('plain text quotes', () => {
  it('splits ">" lines and the "On … wrote:" line above them from the new text', () => {
    const blocks = splitQuotedText('Thanks!\n\nOn Mon, 1 Jan 2024, Bob wrote:\n> hello\n> there\n');
    expect(blocks.map((b) => b.quoted)).toEqual([false, true]);
    expect(blocks[1].text).toMatch(/^On Mon/);
  });
});
