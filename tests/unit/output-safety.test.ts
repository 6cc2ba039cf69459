// Output safety and configuration (README "Security"): what we render from email, the headers every
// page carries, where links point, and what the log keeps.
import { CredentialsSignin } from '@auth/core/errors';
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import nextConfig from '@/next.config';
import { DisplayText, HEADING_TEXT_MAX } from '@/app/_components/display-text';
import { originFromHeaders } from '@/app/_lib/app-origin';
import { logAuthError } from '@/lib/auth/log-auth-error';
import { EnvError, parseEnv } from '@/lib/env';
import { applyLogLevel } from '@/lib/logging/apply-log-level';

const secrets = {
  AUTH_SECRET: 'x'.repeat(40),
  ENCRYPTION_KEYS: 'k1:' + Buffer.alloc(32, 1).toString('base64'),
};

describe('DisplayText', () => {
  const render = (text: string, max?: number) => renderToStaticMarkup(createElement(DisplayText, { text, max }));

  it('shows "invoice\u202Egpj.exe" without the override, isolated, so it cannot read as "invoiceexe.jpg"', () => {
    const html = render('invoice\u202Egpj.exe');
    expect(html).toBe('<bdi>invoicegpj.exe</bdi>');
  });

  it('cuts a 3,000-character subject for a heading and keeps the full text on hover', () => {
    const subject = `Refund ${'x'.repeat(3000)}`;
    const html = render(subject, HEADING_TEXT_MAX);
    const shown = /<bdi[^>]*>([^<]*)<\/bdi>/.exec(html)![1];
    expect([...shown]).toHaveLength(HEADING_TEXT_MAX);
    expect(shown.endsWith('…')).toBe(true);
    expect(html).toContain(`title="${subject}"`);
  });
});

describe('pages refuse to be framed', () => {
  it('every path carries frame-ancestors none and X-Frame-Options DENY', async () => {
    const rules = await nextConfig.headers!();
    const all = rules.find((r) => r.source === '/:path*')!;
    expect(all.headers).toEqual(
      expect.arrayContaining([
        { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
        { key: 'X-Frame-Options', value: 'DENY' },
      ]),
    );
  });
});

describe('APP_URL and forwarded headers', () => {
  it('production without APP_URL does not start, naming the variable', () => {
    expect(() => parseEnv({ ...secrets, NODE_ENV: 'production' })).toThrow(EnvError);
    expect(() => parseEnv({ ...secrets, NODE_ENV: 'production' })).toThrow(/APP_URL/);
    // `next build` (NODE_ENV=production) needs no APP_URL; only the running server does.
    expect(() => parseEnv({ ...secrets, NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' })).not.toThrow();
    expect(parseEnv({ ...secrets, NODE_ENV: 'production', APP_URL: 'https://help.example.com' }).APP_URL).toBe(
      'https://help.example.com',
    );
  });

  it('X-Forwarded-Host is ignored unless TRUST_PROXY is on (it used to point invitation links anywhere)', () => {
    const h = new Headers({
      host: 'help.example.com',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    });
    expect(originFromHeaders(h, { trustProxy: false, port: 3000 })).toBe('http://help.example.com');
    expect(originFromHeaders(h, { trustProxy: true, port: 3000 })).toBe('https://evil.example');
    expect(parseEnv({ ...secrets, TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(parseEnv({ ...secrets }).TRUST_PROXY).toBe(false);
  });
});

describe('the log', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a failed sign-in is not logged even when the class name is minified, other auth errors are', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failed = new CredentialsSignin();
    Object.defineProperty(failed, 'name', { value: 'e' }); // what the production build's minifier leaves
    logAuthError(failed);
    expect(spy).not.toHaveBeenCalled();
    const other = new Error('bad config');
    logAuthError(other);
    expect(spy).toHaveBeenCalledWith('[auth] Error: bad config');
  });

  it('LOG_LEVEL silences the console methods below it', () => {
    const seen: string[] = [];
    const target = {
      debug: () => seen.push('debug'),
      trace: () => seen.push('trace'),
      log: () => seen.push('log'),
      info: () => seen.push('info'),
      warn: () => seen.push('warn'),
      error: () => seen.push('error'),
    };
    applyLogLevel('warn', target as never);
    for (const m of ['debug', 'trace', 'log', 'info', 'warn', 'error'] as const) target[m]();
    expect(seen).toEqual(['warn', 'error']);
  });
});
