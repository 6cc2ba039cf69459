// Which webhook URLs Caseflow sends to: https anywhere public; http only to hosts the operator
// opened with ALLOW_PRIVATE_HOSTS (local development, tests). Checked when an endpoint is saved
// and again before every attempt, because DNS answers and the allow-list change.
import { isIP } from 'node:net';
import { z } from 'zod';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { parseAllowList, normalizeHostName } from '@/lib/net/allow-list';
import { resolveOutbound, type ResolvedOutbound } from '@/lib/net/outbound-guard';

export const MAX_URL_LENGTH = 2000;

export const endpointUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter the URL that receives the events.')
  .max(MAX_URL_LENGTH, `Use at most ${MAX_URL_LENGTH} characters for the URL.`);

export type CheckedEndpointUrl = { url: URL; target: ResolvedOutbound };

/** Throws AppError('validation') for a malformed or plain-http URL, OutboundGuardError for a refused address. */
export async function checkEndpointUrl(raw: string, opts: { allow?: string } = {}): Promise<CheckedEndpointUrl> {
  const text = endpointUrlSchema.safeParse(raw);
  if (!text.success) throw new AppError('validation', text.error.issues[0].message, { field: 'url' });
  let url: URL;
  try {
    url = new URL(text.data);
  } catch {
    throw new AppError('validation', 'Enter a full URL such as https://example.com/webhooks.', { field: 'url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('validation', 'The URL must start with https://.', { field: 'url' });
  }
  if (url.username || url.password) {
    throw new AppError(
      'validation',
      'Put no user name or password in the URL; verify requests with the signing secret instead.',
      { field: 'url' },
    );
  }
  if (!url.hostname)
    throw new AppError('validation', 'Enter a full URL such as https://example.com/webhooks.', { field: 'url' });
  const allow = opts.allow ?? env.ALLOW_PRIVATE_HOSTS;
  const target = await resolveOutbound(url.hostname, { allow });
  if (url.protocol === 'http:' && !allowListed(url.hostname, target.address, allow)) {
    throw new AppError(
      'validation',
      'The URL must start with https:// (plain http is only for hosts an operator allowed with ALLOW_PRIVATE_HOSTS).',
      { field: 'url' },
    );
  }
  return { url, target };
}

function allowListed(hostname: string, address: string, allow: string): boolean {
  const list = parseAllowList(allow);
  const host = normalizeHostName(hostname);
  return (!isIP(host) && list.allowsHost(host)) || list.allowsAddress(address);
}
