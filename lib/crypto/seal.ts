// Sealed secrets (docs/architecture.md, invariant 5): AES-256-GCM, key id prefix, tenant + purpose as associated data.
// Format: "<keyId>:<base64url(iv | ciphertext | tag)>".
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { env } from '../env';
import { AppError } from '../errors';

export type SealContext = { tenantId: string; purpose: string };

type Keyring = { current: string; keys: Map<string, Buffer> };

let keyring: Keyring | undefined;

function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  let current = '';
  for (const entry of spec.split(',')) {
    const [id, b64] = entry.split(':');
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new Error(`encryption key ${id} is not 32 bytes`);
    keys.set(id, key);
    current ||= id;
  }
  return { current, keys };
}

function getKeyring(): Keyring {
  keyring ??= parseKeyring(env.ENCRYPTION_KEYS);
  return keyring;
}

function aad({ tenantId, purpose }: SealContext): Buffer {
  return Buffer.from(`caseflow:v1:${tenantId}:${purpose}`, 'utf8');
}

export function seal(plaintext: string, context: SealContext): string {
  const { current, keys } = getKeyring();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.get(current)!, iv);
  cipher.setAAD(aad(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${current}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

export function open(sealed: string, context: SealContext): string {
  const sep = sealed.indexOf(':');
  const key = sep > 0 ? getKeyring().keys.get(sealed.slice(0, sep)) : undefined;
  if (!key) throw new AppError('internal', 'A stored secret was sealed with an unknown key.');
  const raw = Buffer.from(sealed.slice(sep + 1), 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(aad(context));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    // Wrong tenant/purpose or tampered ciphertext: never say more.
    throw new AppError('internal', 'A stored secret could not be opened.');
  }
}

/** Test hook: re-read ENCRYPTION_KEYS. */
export function resetKeyringForTests(): void {
  keyring = undefined;
}
