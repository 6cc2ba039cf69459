// `?next=` after sign-in: only paths on this site, so the link cannot send people elsewhere.
export function safeRedirectPath(next: unknown): string | null {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return /^[\x21-\x7e]*$/.test(next) ? next : null;
}
