// The form a contact's address is stored and looked up in: trimmed, lowercase; only a usable address
// (something@domain) makes a contact.

export function contactAddress(address: string | null | undefined): string | null {
  const a = address?.trim().toLowerCase();
  if (!a || a.length > 320) return null;
  const at = a.lastIndexOf('@');
  if (at < 1 || at === a.length - 1 || a === 'unknown@invalid') return null;
  return a;
}

export function addressDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}
