import type { NextConfig } from 'next';
import path from 'node:path';

const nextConfig: NextConfig = {
  // Native, WASM and socket-heavy packages stay outside the server bundle.
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@node-rs/argon2',
    'postgres',
    'imapflow',
    'mailparser',
    'nodemailer',
    'smtp-server',
    'sanitize-html',
    'pino',
    // The message worker pool starts threads from lib/mail/pool/message-worker.mjs, loaded by Node.
    'piscina',
  ],
  turbopack: { root: path.resolve(__dirname) },
  poweredByHeader: false,
  // No page of ours may be framed by another site (clickjacking). Email HTML is shown in srcdoc
  // iframes of our own pages, which these headers do not affect.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
  // forbidden() → app/forbidden.tsx with HTTP 403 (members lacking the role). Server actions accept a reply's
  // attachments (20 MB in all, lib/cases/outgoing-attachments.ts) plus its text.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: '25mb' } },
  // `npm run typecheck` checks the whole tree (tests included); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
