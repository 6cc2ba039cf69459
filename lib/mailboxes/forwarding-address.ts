// A forwarding mailbox's address is `<token>@INBOUND_DOMAIN`: the token is random (unguessable, so
// strangers cannot aim mail at a tenant's cases by guessing), the domain is the operator's.
import { randomBytes } from 'node:crypto';
import { env } from '@/lib/env';

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** 20 characters of base32 (100 bits), lower case: safe in any MTA's local part. */
export function newInboundToken(): string {
  const bytes = randomBytes(20);
  let out = '';
  for (const b of bytes) out += TOKEN_ALPHABET[b & 31];
  return out;
}

export function forwardingAddressOf(row: { protocol: string; inboundToken: string | null }): string | null {
  if (row.protocol !== 'forward' || !row.inboundToken || !env.INBOUND_DOMAIN) return null;
  return `${row.inboundToken}@${env.INBOUND_DOMAIN}`;
}

/** The token of a recipient address on INBOUND_DOMAIN, or null when the address is not one of ours. */
export function inboundTokenOf(address: string, domain: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 1) return null;
  if (
    address
      .slice(at + 1)
      .toLowerCase()
      .replace(/\.$/, '') !== domain.toLowerCase()
  )
    return null;
  const local = address.slice(0, at).toLowerCase();
  return /^[a-z2-7]{20}$/.test(local) ? local : null;
}
