// Sanitized email HTML in a sandboxed iframe: no allow-scripts, no allow-same-origin (an opaque
// origin that can reach nothing of ours), its own CSP (default-src 'none'). Links open in a new tab
// outside the sandbox. `document` must come from emailFrameDocument (lib/mail/sanitize-html.ts).
export function EmailFrame({ document, title, height }: { document: string; title: string; height: number }) {
  return (
    <iframe
      title={title}
      srcDoc={document}
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      loading="lazy"
      className="block w-full resize-y rounded border border-slate-200 bg-white"
      style={{ height }}
      data-testid="email-frame"
    />
  );
}

/** A height that fits most mails without scripts in the frame to measure them; the agent can drag it taller. */
export function estimateFrameHeight(html: string): number {
  const blocks = (html.match(/<(br|p|div|tr|li|h[1-6]|blockquote|table)\b/gi) ?? []).length;
  const text = html.replace(/<[^>]*>/g, '').length;
  return Math.max(120, Math.min(900, 40 + blocks * 20 + Math.ceil(text / 90) * 20));
}
