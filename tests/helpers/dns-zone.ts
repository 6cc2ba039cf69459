// A DNS zone made in the test, as the resolver sender verification asks: TXT records (SPF, DKIM keys,
// DMARC) and A records, with ENOTFOUND for every other name. Keys are generated per test and
// messages signed with them by mailauth's DKIM signer.
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth/lib/dkim/sign';
import type { DnsResolver } from '@/lib/mail/verify/dns-resolver';

export type Zone = { txt?: Record<string, string[]>; a?: Record<string, string[]> };

export function zoneResolver(zone: Zone, asked: string[] = []): DnsResolver {
  return async (name, rrtype) => {
    const key = name.toLowerCase().replace(/\.$/, '');
    asked.push(`${rrtype} ${key}`);
    if (rrtype === 'TXT' && zone.txt?.[key]) return zone.txt[key].map((r) => [r]);
    if (rrtype === 'A' && zone.a?.[key]) return zone.a[key];
    const err = new Error(`queryTxt ENOTFOUND ${key}`) as NodeJS.ErrnoException;
    err.code = 'ENOTFOUND';
    throw err;
  };
}

export type DkimKey = { selector: string; domain: string; privateKey: string; record: string; name: string };

/** A fresh RSA key for `domain`, with the TXT record that publishes it. */
export function makeDkimKey(domain: string, selector = 'sel1'): DkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    selector,
    domain,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${p}`,
    name: `${selector}._domainkey.${domain}`,
  };
}

/** The message with a DKIM-Signature by `key` prepended. */
export async function dkimSigned(raw: Buffer, key: DkimKey): Promise<Buffer> {
  // mailauth's typings describe one signature at the top level; its signer takes `signatureData`.
  const options = {
    canonicalization: 'relaxed/relaxed',
    signatureData: [{ signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey }],
  } as unknown as Parameters<typeof dkimSign>[1];
  const signed = await dkimSign(raw, options);
  if (signed.errors.length) throw new Error(`DKIM signing failed: ${JSON.stringify(signed.errors)}`);
  return Buffer.concat([Buffer.from(signed.signatures), raw]);
}
