// What can go wrong talking to an OAuth provider, in our words. The provider's own error text and
// the library's error objects are never passed on: the latter can carry the token response body.
import { AppError } from '@/lib/errors';

export type OAuthFailure = 'needs-reauth' | 'oauth-client' | 'oauth-provider' | 'private-address';

export const oauthFailureMessage: Record<OAuthFailure, string> = {
  'needs-reauth':
    'The provider no longer accepts this mailbox’s authorization (consent revoked, password changed or the grant expired). Sign in again with “Get authorization code”.',
  'oauth-client': 'The OAuth provider rejected the client ID or client secret. Check them in the mailbox settings.',
  'oauth-provider': 'The OAuth provider could not be reached or answered unexpectedly. Caseflow will retry.',
  'private-address':
    'The OAuth token URL points to a private or local network, which Caseflow does not connect to. An operator can allow it with ALLOW_PRIVATE_HOSTS.',
};

export class OAuthError extends AppError {
  constructor(
    public readonly reason: OAuthFailure,
    message = oauthFailureMessage[reason],
  ) {
    super(reason === 'oauth-provider' ? 'unavailable' : 'bad_request', message, { code: reason });
    this.name = 'OAuthError';
  }
}

export function isOAuthError(err: unknown): err is OAuthError {
  return err instanceof OAuthError;
}
