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
