// The origin for links inside webhook payloads: APP_URL, else the local server's own address.
import { env } from '@/lib/env';

export function webhookLinkBase(): string {
  return env.APP_URL ? env.APP_URL.replace(/\/+$/, '') : `http://localhost:${env.PORT}`;
}
