// The outbound guard (docs/architecture.md, invariant 7): every connection to a user-supplied host (mail
// servers, webhook URLs) is resolved here and refused when it lands on a private, loopback,
// link-local or otherwise internal address, unless ALLOW_PRIVATE_HOSTS opens it.
import dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { normalizeHostName, parseAllowList } from './allow-list';
import { isPrivateAddress, parseNumericIpv4 } from './is-private-address';

export { isPrivateAddress };

export type OutboundRefusal = 'private-address' | 'dns';

/** One text for every refused address, so the answer reveals nothing about which rule matched. */
export const privateAddressMessage =
  'This address points to a private or local network, which Caseflow does not connect to. An operator can allow it with ALLOW_PRIVATE_HOSTS.';
export const unresolvableHostMessage = 'The server name could not be found. Check its spelling.';

/**
 * An AppError (so the edge maps it like any other) whose `reason` (also `details.code`, where the
 * mailbox error mapping looks) says why: `private-address` (refused by the guard) or `dns` (the
 * name does not resolve).
 */
export class OutboundGuardError extends AppError {
  constructor(public readonly reason: OutboundRefusal) {
    super('bad_request', reason === 'private-address' ? privateAddressMessage : unresolvableHostMessage, {
      code: reason,
    });
    this.name = 'OutboundGuardError';
  }
}

export function isOutboundGuardError(err: unknown): err is OutboundGuardError {
  return err instanceof OutboundGuardError;
}

export type ResolvedAddress = { address: string; family: 4 | 6 };
export type ResolvedOutbound = { host: string } & ResolvedAddress;
export type OutboundOptions = { /** Defaults to env.ALLOW_PRIVATE_HOSTS. */ allow?: string };

function lookupAll(name: string): Promise<ResolvedAddress[]> {
  return new Promise((resolve, reject) => {
    dns.lookup(name, { all: true }, (err, addresses) => {
      if (err) reject(err);
      else resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
    });
  });
}

/** Every address `host` stands for, each one checked; throws OutboundGuardError. IPv4 first. */
export async function resolveOutboundAll(
  host: string,
  opts: OutboundOptions = {},
): Promise<{ host: string; addresses: ResolvedAddress[] }> {
  const name = normalizeHostName(host);
  if (!name) throw new OutboundGuardError('dns');
  const allow = parseAllowList(opts.allow ?? env.ALLOW_PRIVATE_HOSTS);

  let addresses: ResolvedAddress[];
  const literal = isIP(name) ? name : parseNumericIpv4(name);
  if (literal) {
    addresses = [{ address: literal, family: isIP(literal) === 6 ? 6 : 4 }];
  } else {
    addresses = await lookupAll(name).catch(() => {
      throw new OutboundGuardError('dns');
    });
    if (addresses.length === 0) throw new OutboundGuardError('dns');
  }

  // Every address must pass, not just the first: a name with one public and one private
  // record would otherwise let the connection (or a later re-resolution) reach the private one.
  const hostAllowed = !literal && allow.allowsHost(name);
  for (const { address } of addresses) {
    if (isPrivateAddress(address) && !hostAllowed && !allow.allowsAddress(address)) {
      throw new OutboundGuardError('private-address');
    }
  }
  return { host: name, addresses: [...addresses].sort((a, b) => a.family - b.family) };
}

/**
 * Resolves `host` once and returns the address to connect to. Connect to that address (not the
 * name again) so a second DNS answer cannot swap in a private address; use `host` for TLS SNI
 * and certificate checks.
 */
export async function resolveOutbound(host: string, opts: OutboundOptions = {}): Promise<ResolvedOutbound> {
  const { host: name, addresses } = await resolveOutboundAll(host, opts);
  return { host: name, ...addresses[0] };
}

/**
 * A dns.lookup-compatible function for `net.connect({ lookup })`, http agents and the like: the
 * check runs at connect time on the very addresses the socket will use. Node skips `lookup` for
 * IP literals, so check a literal host with resolveOutbound() before connecting.
 */
export function createGuardedLookup(opts: OutboundOptions = {}): LookupFunction {
  return (hostname, options, callback) => {
    resolveOutboundAll(hostname, opts).then(
      ({ addresses }) => {
        const wanted =
          options.family === 4 || options.family === 6
            ? addresses.filter((a) => a.family === options.family)
            : addresses;
        if (wanted.length === 0) {
          const err: NodeJS.ErrnoException = new OutboundGuardError('dns');
          callback(err, '', undefined);
        } else if (options.all) {
          callback(null, wanted);
        } else {
          callback(null, wanted[0].address, wanted[0].family);
        }
      },
      (err: NodeJS.ErrnoException) => callback(err, '', undefined),
    );
  };
}

/** The guarded lookup with the environment's ALLOW_PRIVATE_HOSTS. */
export const guardedLookup: LookupFunction = (hostname, options, callback) =>
  createGuardedLookup()(hostname, options, callback);
