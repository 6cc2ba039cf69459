// DMARC's relaxed alignment: two domains align when they share the organisational domain
// (news.acme.test aligns with acme.test; acme.test does not align with acme.example).
import { getAlignment } from 'mailauth/lib/tools';

export function isAligned(fromDomain: string | null, domain: string | null | undefined): boolean {
  if (!fromDomain || !domain) return false;
  return getAlignment(fromDomain.toLowerCase(), [domain.toLowerCase()]) !== false;
}
