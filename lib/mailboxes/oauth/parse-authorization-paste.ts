// What the owner pastes after a desktop-style redirect: the bare code, or the whole redirected URL
// (the providers' consoles show either), from which we take code, state and error.
import type { AuthorizationResponse } from './complete-authorization';

export function parseAuthorizationPaste(text: string): AuthorizationResponse {
  const value = text.trim();
  const query = value.includes('?')
    ? value.slice(value.indexOf('?') + 1)
    : /^[\w.-]+=/.test(value) && value.includes('code=')
      ? value
      : null;
  if (query === null) return { code: value || null, state: null, error: null };
  // Some providers put the answer in the fragment; a query and a fragment are read alike.
  const params = new URLSearchParams(query.replace('#', '&'));
  return { code: params.get('code'), state: params.get('state'), error: params.get('error') };
}
