// The small page the OAuth callback shows when it cannot connect the mailbox: our words, no token.

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderOAuthResultPage(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Mailbox not connected · Caseflow</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937}h1{font-size:1.25rem}p{line-height:1.5}.box{border:1px solid #fecaca;background:#fef2f2;border-radius:.5rem;padding:1rem}</style>
</head><body><main>
<h1>The mailbox was not connected</h1>
<div class="box" role="alert"><p id="oauth-error">${escapeHtml(message)}</p></div>
<p>Nothing was stored. <a href="/">Back to Caseflow</a></p>
</main></body></html>`;
}
