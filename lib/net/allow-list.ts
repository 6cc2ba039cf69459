// ALLOW_PRIVATE_HOSTS: comma-separated CIDRs, IP addresses and host names ("*.corp.test" for a
// whole domain) that the outbound guard lets through even though they are private.
import { BlockList, isIP } from 'node:net';
import { embeddedIpv4 } from './is-private-address';

export type AllowList = {
  allowsAddress: (ip: string) => boolean;
  allowsHost: (host: string) => boolean;
};

export function normalizeHostName(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

const cache = new Map<string, AllowList>();

export function parseAllowList(spec: string): AllowList {
  const cached = cache.get(spec);
  if (cached) return cached;
  const addresses = new BlockList();
  const names = new Set<string>();
  const suffixes: string[] = [];
  for (const raw of spec.split(',')) {
    const entry = normalizeHostName(raw);
    if (!entry) continue;
    const slash = entry.indexOf('/');
    if (slash > 0) {
      const ip = entry.slice(0, slash);
      const bits = Number(entry.slice(slash + 1));
      const family = isIP(ip);
      // A malformed entry is skipped rather than fatal: it can only ever allow less.
      if (family && Number.isInteger(bits) && bits >= 0 && bits <= (family === 4 ? 32 : 128)) {
        addresses.addSubnet(ip, bits, family === 4 ? 'ipv4' : 'ipv6');
      }
    } else if (isIP(entry)) {
      addresses.addAddress(entry, isIP(entry) === 4 ? 'ipv4' : 'ipv6');
    } else if (entry.startsWith('*.')) {
      suffixes.push(entry.slice(1));
    } else {
      names.add(entry);
    }
  }
  const list: AllowList = {
    allowsAddress(ip) {
      const family = isIP(ip);
      if (family === 4) return addresses.check(ip, 'ipv4');
      if (family !== 6) return false;
      const inner = embeddedIpv4(ip);
      return addresses.check(ip, 'ipv6') || (inner !== undefined && addresses.check(inner, 'ipv4'));
    },
    allowsHost(host) {
      const name = normalizeHostName(host);
      return names.has(name) || suffixes.some((s) => name.endsWith(s));
    },
  };
  cache.set(spec, list);
  return list;
}
