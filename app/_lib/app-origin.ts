// The public origin for links we hand out (invitations): APP_URL when set, else the request's own host.
import { headers } from 'next/headers';
import { env } from '@/lib/env';

export async function appOrigin(): Promise<string> {
  if (env.APP_URL) return env.APP_URL.replace(/\/+$/, '');
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? `localhost:${env.PORT}`;
  const proto = h.get('x-forwarded-proto') ?? 'http';
  return `${proto}://${host}`;
}
