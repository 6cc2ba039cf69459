// The sign-up confirmation link (enumeration-proof sign-up, when SMTP_URL is set): the details of the
// sign-up — address, name, workspace name and the password's hash, never the password — sealed with
// the server's key (AES-256-GCM, lib/crypto/seal.ts) into the link, with an expiry. Nothing is stored
// until the link is used, so an address that never confirms leaves no trace; a used link finds the
// account made and is refused.
import { z } from 'zod';
import { open, seal } from '@/lib/crypto/seal';

export const SIGN_UP_LINK_TTL_MS = 24 * 60 * 60_000;
const CONTEXT = { tenantId: 'system', purpose: 'sign-up.link' };

const pendingSignUp = z.object({
  email: z.string(),
  name: z.string().optional(),
  workspaceName: z.string(),
  passwordHash: z.string().min(1),
  /** Expiry, epoch milliseconds. */
  exp: z.number(),
});
export type PendingSignUp = z.infer<typeof pendingSignUp>;

/** The token for the link: "<key id>.<sealed details>" (URL-safe). */
export function sealSignUpLink(pending: PendingSignUp): string {
  const sealed = seal(JSON.stringify(pending), CONTEXT);
  const sep = sealed.indexOf(':');
  return `${encodeURIComponent(sealed.slice(0, sep))}.${sealed.slice(sep + 1)}`;
}

/** The details, or null when the token was tampered with, sealed with an unknown key, or expired. */
export function openSignUpLink(token: string, now = new Date()): PendingSignUp | null {
  if (typeof token !== 'string' || token.length > 4096) return null;
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  try {
    const json = open(`${decodeURIComponent(token.slice(0, dot))}:${token.slice(dot + 1)}`, CONTEXT);
    const parsed = pendingSignUp.safeParse(JSON.parse(json));
    if (!parsed.success || parsed.data.exp < now.getTime()) return null;
    return parsed.data;
  } catch {
    return null;
  }
}
