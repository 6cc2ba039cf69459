// Which mailbox a form or a hand-made request is about: every mailbox action reads `slug` (the tenant,
// checked against the member's roles) and `mailboxId`.

/** The two hidden inputs of a form posted to a mailbox action. */
export function MailboxRefFields({ slug, mailboxId }: { slug: string; mailboxId: string }) {
  return (
    <>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="mailboxId" value={mailboxId} />
    </>
  );
}

/** The same, as the FormData of a mailbox action called from a button (no form on the page). */
export function mailboxRefForm(slug: string, mailboxId: string): FormData {
  const form = new FormData();
  form.set('slug', slug);
  form.set('mailboxId', mailboxId);
  return form;
}
