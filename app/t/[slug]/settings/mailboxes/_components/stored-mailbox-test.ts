// The connection test of a saved draft, as the draft's page and the OAuth return show it: the message count
// for the import dialog, or one sentence saying what failed.
import { testStoredMailboxAction } from '../actions';
import { mailboxRefForm } from './mailbox-ref-form';

export async function countStoredMailbox(
  slug: string,
  mailboxId: string,
): Promise<{ ok: true; count: number } | { ok: false; error: string } | null> {
  const result = await testStoredMailboxAction(null, mailboxRefForm(slug, mailboxId));
  if (!result) return null;
  if (!result.ok) return { ok: false, error: result.error };
  if (!result.data.ok) return { ok: false, error: `The connection test failed: ${result.data.error.message}` };
  return { ok: true, count: result.data.messageCount };
}
