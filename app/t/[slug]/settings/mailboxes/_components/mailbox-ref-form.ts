// Which mailbox a button's server call is about, as the FormData every mailbox action reads: `slug` (the
// tenant, checked against the member's roles) and `mailboxId`. Forms send the same as HiddenFields.
export function mailboxRefForm(slug: string, mailboxId: string): FormData {
  const form = new FormData();
  form.set('slug', slug);
  form.set('mailboxId', mailboxId);
  return form;
}
