// The outbound guard refuses internal addresses in every spelling, with one error text.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  createGuardedLookup,
  isPrivateAddress,
  OutboundGuardError,
  privateAddressMessage,
  resolveOutbound,
} from '@/lib/net/outbound-guard';
import { unroutableTable } from '../helpers/unroutable-addresses';

async function refusal(host: string, allow = ''): Promise<OutboundGuardError | null> {
  return resolveOutbound(host, { allow }).then(
    () => null,
    (err: unknown) => {
      if (err instanceof OutboundGuardError) return err;
      throw err;
    },
  );
}

const ssrfTable = [
  '127.0.0.1',
  'localhost',
  'LOCALHOST.',
  '0.0.0.0',
  '169.254.169.254',
  '10.0.0.1',
  '172.16.0.1',
  '172.31.255.254',
  '192.168.1.1',
  '100.64.0.1',
  '224.0.0.1',
  '255.255.255.255',
  '::1',
  '[::1]',
  '::',
  '::ffff:127.0.0.1',
  '[::ffff:127.0.0.1]',
  '::ffff:7f00:1',
  '::ffff:169.254.169.254',
  '64:ff9b::a00:1',
  '2002:c0a8:101::1',
  'fe80::1',
  'fd00::1',
  'ff02::1',
  '2130706433',
  '0x7f000001',
  '0177.0.0.1',
  '0x7f.0.0.1',
  '127.1',
  '017700000001',
];

describe('resolveOutbound without an allow-list', () => {
  it.each([...ssrfTable, ...unroutableTable])(
    'refuses %s with the one fixed message and code private-address',
    async (host) => {
      const err = await refusal(host);
      expect(err).not.toBeNull();
      expect(err!.reason).toBe('private-address');
      expect(err!.message).toBe(privateAddressMessage);
      expect(err!.message).not.toContain(host);
    },
  );

  it('refuses a host name that resolves to loopback', async () => {
    const err = await refusal('localhost');
    expect(err?.reason).toBe('private-address');
    expect(err?.message).toBe(privateAddressMessage);
  });

  it('lets a public address through, without asking DNS for a literal', async () => {
    await expect(resolveOutbound('8.8.8.8', { allow: '' })).resolves.toEqual({
      host: '8.8.8.8',
      address: '8.8.8.8',
      family: 4,
    });
    await expect(resolveOutbound('2001:4860:4860::8888', { allow: '' })).resolves.toMatchObject({ family: 6 });
  });

  it('reads a numeric spelling of a public address as that address', async () => {
    await expect(resolveOutbound('134744072', { allow: '' })).resolves.toMatchObject({ address: '8.8.8.8', family: 4 });
  });

  it('reports an unresolvable name as dns, not as a private address', async () => {
    const err = await refusal('no-such-host.invalid');
    expect(err?.reason).toBe('dns');
    expect(err?.message).not.toBe(privateAddressMessage);
  });

  it('is an AppError that maps to a client error at the edge', async () => {
    const err = await refusal('127.0.0.1');
    expect(err?.status).toBe(400);
    expect(err?.details).toEqual({ code: 'private-address' });
  });
});

describe('resolveOutbound with ALLOW_PRIVATE_HOSTS', () => {
  it('allows an address inside an allowed CIDR', async () => {
    await expect(resolveOutbound('127.0.0.1', { allow: '127.0.0.0/8' })).resolves.toEqual({
      host: '127.0.0.1',
      address: '127.0.0.1',
      family: 4,
    });
    await expect(resolveOutbound('2130706433', { allow: '127.0.0.0/8' })).resolves.toMatchObject({
      address: '127.0.0.1',
    });
  });

  it('allows only what the list names', async () => {
    expect((await refusal('10.0.0.1', '127.0.0.0/8,::1,localhost'))?.reason).toBe('private-address');
    expect((await refusal('169.254.169.254', '127.0.0.0/8,::1,localhost'))?.reason).toBe('private-address');
    expect((await refusal('::1', '127.0.0.0/8'))?.reason).toBe('private-address');
  });

  it('allows a single IPv6 address and its bracketed form', async () => {
    await expect(resolveOutbound('[::1]', { allow: '::1' })).resolves.toMatchObject({ address: '::1', family: 6 });
  });

  it('allows a named host whatever it resolves to, and a wildcard domain', async () => {
    await expect(resolveOutbound('localhost', { allow: 'localhost' })).resolves.toMatchObject({ host: 'localhost' });
    expect((await refusal('localhost', '*.localhost'))?.reason).toBe('private-address');
  });

  it('treats an allowed IPv4 range as covering its IPv4-mapped IPv6 form', async () => {
    await expect(resolveOutbound('::ffff:127.0.0.1', { allow: '127.0.0.0/8' })).resolves.toMatchObject({ family: 6 });
  });

  it('ignores malformed entries instead of allowing more', async () => {
    expect((await refusal('10.0.0.1', '10.0.0.0/99, ,garbage/8'))?.reason).toBe('private-address');
  });
});

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.0.1',
    '169.254.1.1',
    '100.100.100.100',
    '0.1.2.3',
    '::1',
    '::',
    'fe80::abcd',
    'fc00::1',
    '::ffff:10.0.0.1',
    'not-an-ip',
    ...unroutableTable,
  ])('%s is not globally routable unicast', (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2001:4860:4860::8888',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public', (ip) => expect(isPrivateAddress(ip)).toBe(false));
});

describe('guardedLookup', () => {
  async function connectVia(lookupAllow: string, port: number): Promise<'connected' | Error> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: 'localhost', port, lookup: createGuardedLookup({ allow: lookupAllow }) });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (err) => resolve(err));
    });
  }

  it('refuses a socket to a name resolving to loopback at connect time, and allows it when listed', async () => {
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const refused = await connectVia('', port);
      expect(refused).toBeInstanceOf(OutboundGuardError);
      expect((refused as Error).message).toBe(privateAddressMessage);
      expect(await connectVia('localhost', port)).toBe('connected');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
