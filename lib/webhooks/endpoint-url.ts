// Which webhook URLs Caseflow sends to: https anywhere public; http only to hosts the operator
// opened with ALLOW_PRIVATE_HOSTS (local development, tests). Checked when an endpoint is saved
// and again before every attempt, because DNS answers and the allow-list change.
// Two steps, because no network I/O (DNS included) may happen inside a tenant transaction:
// parseEndpointUrl() needs no network and runs where the endpoint is stored; checkEndpointUrl()
// resolves the name and runs before the transaction opens (the API route, the settings action)
// and before every delivery attempt.
import { isIP } from 'node:net';
import { z } from 'zod';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { firstIssueMessage } from '@/lib/zod-issues';
import { parseAllowList, normalizeHostName } from '@/lib/net/allow-list';
import { isPrivateAddress, parseNumericIpv4 } from '@/lib/net/is-private-address';
import { OutboundGuardError, resolveOutbound, type ResolvedOutbound } from '@/lib/net/outbound-guard';

export const MAX_URL_LENGTH = 2000;

export const endpointUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter the URL that receives the events.')
  .max(MAX_URL_LENGTH, `Use at most ${MAX_URL_LENGTH} characters for the URL.`);

export type CheckedEndpointUrl = { url: URL; target: ResolvedOutbound };

/**
 * The URL's shape, without the network: AppError('validation') for a malformed URL, one with
 * credentials or plain http to a literal address the allow-list does not open; OutboundGuardError
 * for a literal address (or localhost) the guard refuses. Names are resolved by checkEndpointUrl().
 */
export function parseEndpointUrl(raw: string, opts: { allow?: string } = {}): URL {
  const text = endpointUrlSchema.safeParse(raw);
  if (!text.success) throw new AppError('validation', firstIssueMessage(text.error)!, { field: 'url' });
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
  const host = normalizeHostName(url.hostname);
  const literal = isIP(host) ? host : parseNumericIpv4(host);
  const list = parseAllowList(allow);
  if (literal && isPrivateAddress(literal) && !list.allowsAddress(literal))
    throw new OutboundGuardError('private-address');
  if (!literal && /(^|\.)localhost$/.test(host) && !list.allowsHost(host))
    throw new OutboundGuardError('private-address');
  if (url.protocol === 'http:' && literal && !list.allowsAddress(literal)) throw plainHttp();
  return url;
}

/** parseEndpointUrl() and the resolved address checked by the outbound guard. Never inside a transaction. */
export async function checkEndpointUrl(raw: string, opts: { allow?: string } = {}): Promise<CheckedEndpointUrl> {
  const url = parseEndpointUrl(raw, opts);
  const allow = opts.allow ?? env.ALLOW_PRIVATE_HOSTS;
  const target = await resolveOutbound(url.hostname, { allow });
  if (url.protocol === 'http:' && !allowListed(url.hostname, target.address, allow)) throw plainHttp();
  return { url, target };
}

/** The edge's check of a create/update input's `url` (when it has one), before the transaction opens. */
export async function checkInputUrl(input: unknown, opts: { allow?: string } = {}): Promise<void> {
  const url = (input as { url?: unknown } | null)?.url;
  if (typeof url === 'string') await checkEndpointUrl(url, opts);
}

function plainHttp(): AppError {
  return new AppError(
    'validation',
    'The URL must start with https:// (plain http is only for hosts an operator allowed with ALLOW_PRIVATE_HOSTS).',
    { field: 'url' },
  );
}

function allowListed(hostname: string, address: string, allow: string): boolean {
  const list = parseAllowList(allow);
  const host = normalizeHostName(hostname);
  return (!isIP(host) && list.allowsHost(host)) || list.allowsAddress(address);
}
