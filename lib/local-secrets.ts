// Secrets for the zero-setup start: generated into DATA_DIR on first use (mode 0600) and reused.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type LocalSecrets = { authSecret: string; encryptionKeys: string };

export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.resolve(dataDir, 'secrets.json');
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
    if (parsed.authSecret && parsed.encryptionKeys) return parsed as LocalSecrets;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secrets: LocalSecrets = {
    authSecret: randomBytes(32).toString('base64url'),
    encryptionKeys: `k1:${randomBytes(32).toString('base64')}`,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // wx: if another process created it meanwhile, use theirs.
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadLocalSecrets(dataDir);
    throw err;
  }
  return secrets;
}
