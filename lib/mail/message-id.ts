// Our outbound Message-IDs carry an HMAC, so a reply's In-Reply-To/References can name a case
// and a forged id (anyone can write "cf.12.…@…" into a header) is not trusted.
//
// Shape: cf.<caseNumber>.<nonce: 16 hex>.<mac: 24 hex>@<domain>  (no angle brackets)
// mac = first 96 bits of HMAC-SHA256(k, "caseflow:message-id:v1|<tenantId>|<caseNumber>|<nonce>")
// k   = HKDF-SHA256(encryption key, info "caseflow:outbound-message-id:v1") for a key in ENCRYPTION_KEYS.
//
// Why ENCRYPTION_KEYS and not AUTH_SECRET: it is a keyring. The current (first) key signs and every
// key in the ring verifies, so rotating keys keeps old ids verifiable until the old key is removed.
// The domain is not covered by the mac: ids stay valid if a mailbox's domain changes.
// Hex only, because some gateways change the case of header values.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { firstIssueMessage } from '@/lib/zod-issues';

const HKDF_INFO = 'caseflow:outbound-message-id:v1';
const MAC_LABEL = 'caseflow:message-id:v1';
const NONCE_BYTES = 8;
const MAC_BYTES = 12;

const OWN_ID = /^cf\.([1-9][0-9]{0,14})\.([0-9a-f]{16})\.([0-9a-f]{24})@([a-z0-9.-]{1,253})$/i;

const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'not a domain name',
  );

export const createOutboundMessageIdInput = z.object({
  tenantId: z.uuid(),
  caseNumber: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  domain: domainSchema,
});

let derived: { spec: string; keys: Buffer[] } | undefined;

/** Signing keys derived from ENCRYPTION_KEYS, current first; recomputed if the env changes. */
function macKeys(): Buffer[] {
  const spec = env.ENCRYPTION_KEYS;
  if (derived?.spec !== spec) {
    const keys = spec.split(',').map((entry) => {
      const material = Buffer.from(entry.slice(entry.indexOf(':') + 1), 'base64');
      return Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), HKDF_INFO, 32));
    });
    derived = { spec, keys };
  }
  return derived.keys;
}

function mac(key: Buffer, tenantId: string, caseNumber: string, nonce: string): Buffer {
  return createHmac('sha256', key)
    .update(`${MAC_LABEL}|${tenantId.toLowerCase()}|${caseNumber}|${nonce}`)
    .digest()
    .subarray(0, MAC_BYTES);
}

function stripBrackets(id: string): string {
  const trimmed = id.trim();
  return trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed.slice(1, -1).trim() : trimmed;
}

/** A new Message-ID for mail we send about case `caseNumber` (without angle brackets). */
export function createOutboundMessageId(input: z.input<typeof createOutboundMessageIdInput>): string {
  const parsed = createOutboundMessageIdInput.safeParse(input);
  if (!parsed.success) throw new AppError('validation', firstIssueMessage(parsed.error) ?? 'Invalid Message-ID input.');
  const { tenantId, caseNumber, domain } = parsed.data;
  const nonce = randomBytes(NONCE_BYTES).toString('hex');
  const tag = mac(macKeys()[0], tenantId, String(caseNumber), nonce).toString('hex');
  return `cf.${caseNumber}.${nonce}.${tag}@${domain}`;
}

/** Whether `id` looks like one of ours (any tenant, unverified): classify's loop check uses this. */
export function isOwnMessageIdShape(id: string): boolean {
  return OWN_ID.test(stripBrackets(id));
}

/** The case number of one of `tenantId`'s own Message-IDs, or null if it is not ours, forged or altered. */
export function verifyOutboundMessageId(id: string, tenantId: string): { caseNumber: number } | null {
  const match = OWN_ID.exec(stripBrackets(id));
  if (!match) return null;
  const [, caseNumber, nonce, tagHex] = match;
  const tag = Buffer.from(tagHex.toLowerCase(), 'hex');
  let ok = false;
  // Check every key without stopping early, so timing does not tell which key (if any) matched.
  for (const key of macKeys()) {
    if (timingSafeEqual(mac(key, tenantId, caseNumber, nonce.toLowerCase()), tag)) ok = true;
  }
  return ok ? { caseNumber: Number(caseNumber) } : null;
}
