// The DNS resolver sender verification asks (TXT for SPF, DKIM keys and DMARC; A/AAAA/MX for SPF
// mechanisms). Each query has its own timeout, and a sync run shares one memo so a batch of mail from
// the same domain asks once. SENDER_VERIFICATION_DNS points it at chosen servers (a local validating
// resolver next to your MTA); unset, the system's resolvers answer.
import { Resolver } from 'node:dns/promises';
import { env } from '@/lib/env';

/** mailauth's resolver shape: (name, rrtype) → records, throwing ENOTFOUND / ENODATA for "none". */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

const QUERY_TIMEOUT_MS = 2000;

export function systemDnsResolver(servers: string[] = configuredServers()): DnsResolver {
  const resolver = new Resolver({ timeout: QUERY_TIMEOUT_MS, tries: 2 });
  if (servers.length) resolver.setServers(servers);
  return (name, rrtype) => resolver.resolve(name, rrtype) as Promise<unknown>;
}

/** One answer (or failure) per name and type for the life of the returned resolver. */
export function memoizedResolver(resolver: DnsResolver): DnsResolver {
  const seen = new Map<string, Promise<unknown>>();
  return (name, rrtype) => {
    const key = `${rrtype}:${name.toLowerCase()}`;
    let answer = seen.get(key);
    if (!answer) {
      answer = resolver(name, rrtype);
      seen.set(key, answer);
    }
    return answer;
  };
}

function configuredServers(): string[] {
  return (env.SENDER_VERIFICATION_DNS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
