// Address lists as ingestion stores them: flat (groups expanded), address lower-cased, name kept.
import type { AddressObject } from 'mailparser';
import type { Address } from './types';
import { stripNul } from './decode-header';

type EmailAddressLike = { address?: string; name?: string; group?: EmailAddressLike[] };

export function normalizeAddress(address: string): string {
  return stripNul(address).trim().toLowerCase();
}

export function toAddressList(value: AddressObject | AddressObject[] | undefined): Address[] {
  if (!value) return [];
  const objects = Array.isArray(value) ? value : [value];
  const out: Address[] = [];
  const visit = (entry: EmailAddressLike) => {
    if (entry.group) {
      entry.group.forEach(visit);
      return;
    }
    const address = normalizeAddress(entry.address ?? '');
    if (!address) return;
    const name = stripNul(entry.name ?? '').trim();
    out.push(name ? { address, name } : { address });
  };
  for (const obj of objects) obj.value.forEach(visit);
  return out;
}

/** The part before the last "@", lower-case. */
export function localPart(address: string): string {
  const at = address.lastIndexOf('@');
  return (at === -1 ? address : address.slice(0, at)).toLowerCase();
}

/** Message-IDs in a header value, without angle brackets, in order, deduplicated. */
export function messageIdsIn(value: string | undefined): string[] {
  if (!value) return [];
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]);
  const ids =
    bracketed.length > 0 ? bracketed : value.split(/[\s,]+/).filter((t) => t.includes('@') && !/[<>()]/.test(t));
  return [...new Set(ids)];
}
