// Which IP addresses Caseflow never connects to on a user's say-so (outbound guard, README "Security").
// Only globally routable unicast passes. The classification is ipaddr.js's special-range table (the
// IANA registries), not a list of our own: documentation, benchmarking, CGNAT, Teredo, local-use
// NAT64, IPv4-mapped/translated forms and everything outside 2000::/3 are refused; NAT64 and 6to4
// addresses pass only when the IPv4 address they carry would.
import ipaddr from 'ipaddr.js';

/** The IPv4 address an IPv6 address routes to: well-known NAT64 (64:ff9b::/96) and 6to4 (2002::/16). */
function routedIpv4(v6: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = v6.parts;
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return fromGroups(p[6], p[7]);
  if (p[0] === 0x2002) return fromGroups(p[1], p[2]);
  return undefined;
}

function fromGroups(hi: number, lo: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

function parse(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const text = ip.replace(/%.*$/, '');
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return undefined;
}

/**
 * The IPv4 address an IPv6 address carries inside it, for the forms that can route to it:
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and
 * 6to4 (2002:AABB:CCDD::). Used by the allow-list so an allowed IPv4 range covers these spellings.
 */
export function embeddedIpv4(ip: string): string | undefined {
  const addr = parse(ip);
  if (!addr || addr.kind() !== 'ipv6') return undefined;
  const v6 = addr as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return fromGroups(v6.parts[6], v6.parts[7]).toString();
  return routedIpv4(v6)?.toString();
}

/** True for every address that is not globally routable unicast (and for anything that is not an address). */
export function isPrivateAddress(ip: string): boolean {
  const addr = parse(ip);
  if (!addr) return true; // not an address at all: never treat it as safe
  if (addr.kind() === 'ipv4') return addr.range() !== 'unicast';
  const v6 = addr as ipaddr.IPv6;
  if (!v6.match(globalUnicast) && !v6.match(nat64)) return true; // ::/96, ::ffff:0:0/96, 100::/64, fc00::/7 …
  const inner = routedIpv4(v6);
  if (inner) return inner.range() !== 'unicast';
  return v6.range() !== 'unicast';
}

const globalUnicast = ipaddr.IPv6.parseCIDR('2000::/3');
const nat64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/**
 * Reads the numeric IPv4 spellings that resolvers accept (inet_aton): "2130706433", "0x7f.1",
 * "0177.0.0.1", "127.1". Returns the dotted-quad form, or undefined when `host` is not one.
 */
export function parseNumericIpv4(host: string): string | undefined {
  const parts = host.replace(/\.$/, '').split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]*$/i.test(part)) value = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) value = parseInt(part, 8);
    else if (/^[1-9][0-9]*$/.test(part)) value = parseInt(part, 10);
    else return undefined;
    if (!Number.isSafeInteger(value)) return undefined;
    values.push(value);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255)) return undefined;
  const lastBytes = 4 - values.length;
  if (last >= 2 ** (8 * lastBytes)) return undefined;
  const bytes = [...values];
  for (let i = lastBytes - 1; i >= 0; i--) bytes.push(Math.floor(last / 2 ** (8 * i)) % 256);
  return bytes.join('.');
}
