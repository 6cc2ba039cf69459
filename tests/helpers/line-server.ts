// A tiny TCP server on 127.0.0.1 that greets, reads the client's CRLF-ended lines one at a time and answers each:
// the shape of every scripted IMAP/POP3 server in the tests. The socket bookkeeping, the line splitting (a command
// may arrive split over chunks, or several in one) and the shutdown used to be written out in each test.
//
//   const server = await startLineServer({
//     greeting: '+OK ready\r\n',
//     onLine: (line, socket) => socket.write(/^QUIT/i.test(line) ? '+OK bye\r\n' : '-ERR no\r\n'),
//   });
//   // connect to 127.0.0.1 : server.port
//   await server.close(); // destroys open connections too
//
// Once `onLine` destroys the socket (a reset in the middle of a reply), the lines still buffered are dropped.
import net from 'node:net';

export type LineServer = { port: number; close(): Promise<void> };

/** Calls `onLine` with each CRLF-ended line the socket receives (latin1, without the CRLF), in order. */
export function onCrlfLines(socket: net.Socket, onLine: (line: string) => void): void {
  let buffered = '';
  socket.on('data', (chunk) => {
    buffered += chunk.toString('latin1');
    let nl: number;
    while (!socket.destroyed && (nl = buffered.indexOf('\r\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 2);
      onLine(line);
    }
  });
}

export async function startLineServer(opts: {
  /** Written as is when a client connects; left out, the server waits silently for the client. */
  greeting?: string;
  onLine: (line: string, socket: net.Socket) => void;
}): Promise<LineServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (opts.greeting !== undefined) socket.write(opts.greeting);
    onCrlfLines(socket, (line) => opts.onLine(line, socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
