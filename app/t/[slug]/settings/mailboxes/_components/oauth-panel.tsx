// SLOT for "Sign in with Google / Microsoft" (OAuth issue). Placeholder that renders nothing: the
// OAuth engineer replaces this file with the real panel, keeping this export and its props.
// Rendered by the new-mailbox wizard (mode "wizard") and by a mailbox's page (mode "mailbox").
export function OAuthPanel(_props: { slug: string; mode: 'wizard' | 'mailbox'; mailboxId?: string; email?: string }) {
  return null;
}
