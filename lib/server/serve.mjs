// The HTTP server `npm start` runs: Next.js's request handler in a Node server whose timeouts we set.
// `next start` leaves Node's defaults (headers within 60 s, a request within 300 s, checked every 30 s),
// so a handful of clients that send headers or a body a byte at a time hold their sockets for minutes.
// Here a client has CASEFLOW_HEADERS_TIMEOUT_MS for its headers and CASEFLOW_REQUEST_TIMEOUT_MS for the
// whole request (start.ts derives both from REQUEST_HEADERS_TIMEOUT_MS and REQUEST_BODY_TIMEOUT_MS);
// answers, Server-Sent Events included, are not limited by them. Plain JavaScript: it runs under node
// directly, without the TypeScript loader in front of every module Next.js loads.
import http from 'node:http';
import next from 'next';

const number = (name, fallback) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const port = number('PORT', 3000);
const headersTimeout = number('CASEFLOW_HEADERS_TIMEOUT_MS', 20_000);
const requestTimeout = Math.max(headersTimeout, number('CASEFLOW_REQUEST_TIMEOUT_MS', 60_000));

// lib/auth/client-address.ts: the socket's address travels in this header, which no client can set.
const SOCKET_ADDRESS_HEADER = 'x-caseflow-socket-address';
globalThis.__caseflowSocketAddressHeader = true;

const app = next({ dev: false, dir: process.cwd(), port, hostname: 'localhost' });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer(
  {
    headersTimeout,
    requestTimeout,
    keepAliveTimeout: 5_000,
    // How often Node checks the two timeouts above (default 30 s, which would let them run over by as much).
    connectionsCheckingInterval: Math.min(1_000, headersTimeout),
  },
  (req, res) => {
    req.headers[SOCKET_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
    void handle(req, res);
  },
);
// A kept-alive socket's next request must start within keepAliveTimeout; its headers then get the rest.
server.keepAliveTimeout = 5_000;
server.listen(port, () => process.stderr.write(`[caseflow] ready on port ${port}\n`));

// Open event streams never end by themselves: close every socket rather than wait for them.
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
