// The options of a mailbox picker (rules, simulator, review and cases filters): one per mailbox, named by
// its address, valued by its id.
export function MailboxOptions({ mailboxes }: { mailboxes: { id: string; email: string }[] }) {
  return (
    <>
      {mailboxes.map((m) => (
        <option key={m.id} value={m.id}>
          {m.email}
        </option>
      ))}
    </>
  );
}
