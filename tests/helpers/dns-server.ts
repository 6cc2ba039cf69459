// A DNS server on loopback that knows no names: every query is answered NXDOMAIN at once. The suite
// points sender verification at it (SENDER_VERIFICATION_DNS), so no test asks the machine's
// resolvers or the internet, and mail from domains without records is checked quickly, as "none".
import dgram from 'node:dgram';

export type TestDnsServer = { address: string; queries: number; close(): Promise<void> };

export async function startNxdomainDnsServer(): Promise<TestDnsServer> {
  const socket = dgram.createSocket('udp4');
  const server = { address: '', queries: 0, close: () => new Promise<void>((r) => socket.close(() => r())) };
  socket.on('message', (query, peer) => {
    if (query.length < 12) return;
    server.queries++;
    // The question: labels up to the zero byte, then QTYPE and QCLASS.
    let end = 12;
    while (end < query.length && query[end] !== 0) end += query[end] + 1;
    end += 5;
    if (end > query.length) return;
    const answer = Buffer.alloc(end);
    query.copy(answer, 0, 0, end);
    const rd = query[2] & 0x01;
    answer[2] = 0x80 | (query[2] & 0x78) | rd; // QR, the query's opcode, RD copied
    answer[3] = 0x80 | 0x03; // RA, RCODE 3 (NXDOMAIN)
    answer.writeUInt16BE(1, 4); // one question
    answer.writeUInt32BE(0, 6); // no answer or authority records
    answer.writeUInt16BE(0, 10); // no additional records
    socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  server.address = `127.0.0.1:${socket.address().port}`;
  return server;
}
