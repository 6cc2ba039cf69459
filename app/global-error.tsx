'use client';
// Last resort when the root layout itself fails: no stack, no internals.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', padding: '6rem 1rem' }}>
        <h1>Something went wrong</h1>
        <p>Try again; if it keeps happening, tell your administrator.</p>
        {error.digest ? <p style={{ fontSize: 12, color: '#64748b' }}>Reference: {error.digest}</p> : null}
        <button type="button" onClick={reset}>
          Try again
        </button>
      </body>
    </html>
  );
}
