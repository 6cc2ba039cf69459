// Sender list patterns: a full address (a@b.com) or a domain (b.com, also written @b.com).
// A domain also covers its subdomains (blocking b.com blocks mail.b.com).
import { z } from 'zod';

export const senderPatternSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((p) => p.replace(/^@/, ''))
  .pipe(
    z
      .string()
      .min(3, 'Enter an address (name@example.com) or a domain (example.com).')
      .max(254)
      .regex(
        /^([^\s@<>"]+@)?[a-z0-9-]+(\.[a-z0-9-]+)+$/,
        'Enter an address (name@example.com) or a domain (example.com).',
      ),
  );

export type SenderLists = {
  blocked: Set<string>;
  allowed: Set<string>;
};

export type SenderListMatch = { kind: 'blocked' | 'allowed'; pattern: string };

/**
 * The list entry that decides for this sender: an address entry beats a domain entry (so one
 * allowed person inside a blocked domain gets through), the closest domain beats its parents,
 * and at the same level blocked beats allowed.
 */
export function matchSenderList(lists: SenderLists, address: string | undefined): SenderListMatch | null {
  const sender = address?.trim().toLowerCase();
  if (!sender) return null;
  const candidates = [sender];
  const at = sender.lastIndexOf('@');
  if (at >= 0) {
    const labels = sender.slice(at + 1).split('.');
    for (let i = 0; i < labels.length - 1; i++) candidates.push(labels.slice(i).join('.'));
  }
  for (const pattern of candidates) {
    if (lists.blocked.has(pattern)) return { kind: 'blocked', pattern };
    if (lists.allowed.has(pattern)) return { kind: 'allowed', pattern };
  }
  return null;
}
