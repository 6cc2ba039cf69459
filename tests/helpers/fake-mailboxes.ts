// The mailboxes a fake mail API (fake-gmail.ts, fake-graph.ts) holds, by address. Both services find a mailbox
// whatever the case of the address it is named by, so every lookup lower-cases it. A request for a mailbox the fake
// does not hold is the API's own error (`find`); a test naming one is a mistake in the test (`get` throws).
//
//   const mailboxes = fakeMailboxes<Mailbox>('fake gmail');
//   mailboxes.add('Help@Example.test', { … });
//   mailboxes.find(addressFromRequest) ?? notFound();  mailboxes.get(addressFromTest).messages;
export type FakeMailboxes<M> = {
  add(address: string, mailbox: M): void;
  find(address: string): M | undefined;
  get(address: string): M;
  all(): IterableIterator<M>;
};

export function fakeMailboxes<M>(service: string): FakeMailboxes<M> {
  const byAddress = new Map<string, M>();
  const find = (address: string) => byAddress.get(address.toLowerCase());
  return {
    add: (address, mailbox) => void byAddress.set(address.toLowerCase(), mailbox),
    find,
    get(address) {
      const mailbox = find(address);
      if (!mailbox) throw new Error(`${service}: no mailbox ${address}`);
      return mailbox;
    },
    all: () => byAddress.values(),
  };
}
