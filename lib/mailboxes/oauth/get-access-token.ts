// OAuth 2.0 mailboxes (issue 5) are not connected yet: say so plainly instead of failing obscurely.
import { AppError } from '@/lib/errors';

export async function getMailboxAccessToken(mailboxId: string, tenantId: string): Promise<string> {
  void mailboxId;
  void tenantId;
  throw new AppError('bad_request', 'OAuth mailboxes are not supported in this version yet; use a password (app password) instead.', { code: 'auth' });
}
