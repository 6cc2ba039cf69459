// The public origin for links we hand out (invitations, the OAuth redirect): APP_URL when set (always
// in production), else the request's own Host. X-Forwarded-Host/-Proto count only with TRUST_PROXY=true:
// without a proxy that overwrites them, any client could point our links at its own server.
import { headers } from 'next/headers';
import { env } from '@/lib/env';

export async function appOrigin(): Promise<string> {
  if (env.APP_URL) return env.APP_URL.replace(/\/+$/, '');
  return originFromHeaders(await headers(), { trustProxy: env.TRUST_PROXY, port: env.PORT });
}

/** The origin a request was made to, by its headers; forwarded ones only when a proxy is trusted. */
export function originFromHeaders(h: Headers, opts: { trustProxy: boolean; port: number }): string {
  const forwardedHost = opts.trustProxy ? h.get('x-forwarded-host')?.split(',')[0].trim() : undefined;
  const forwardedProto = opts.trustProxy ? h.get('x-forwarded-proto')?.split(',')[0].trim() : undefined;
  const host = forwardedHost || h.get('host') || `localhost:${opts.port}`;
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'http';
  return `${proto}://${host}`;
}
