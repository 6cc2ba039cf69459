// Conditional requests for the cases list and case pages (proxy.ts): the same change stamp as the API list
// (changeEtag: the tenant's newest change-feed id), checked before the page is rendered, so an unchanged
// page costs a session check and one index lookup instead of a render. The tag also names the build (a
// new deploy's HTML points at new scripts), the session (pages differ per user) and the full URL.
// Members and mailboxes are not in the stamp: a renamed member shows on the page's next case change. The
// agent's own state (read marks, saved views) and canned replies are (lib/workspace/agent-page-stamp.ts).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { getToken } from 'next-auth/jwt';
import { withSystem, withTenant } from '@/db/tenancy';
import { findMembership } from '@/lib/auth/find-membership';
import { findSessionUser } from '@/lib/auth/user-sessions';
import { env } from '@/lib/env';
import { isUuid } from '@/lib/is-uuid';
import { agentPageStamp } from '@/lib/workspace/agent-page-stamp';
import { changeEtag } from './change-etag';
import { sessionKeyFromCookieHeader } from './session-key';

let buildId: string | undefined;
function currentBuild(): string {
  if (buildId) return buildId;
  try {
    buildId = fs.readFileSync(path.join(process.cwd(), '.next', 'BUILD_ID'), 'utf8').trim();
  } catch {
    buildId = randomBytes(8).toString('hex'); // unknown: tags last as long as this process
  }
  return buildId;
}

/** The page's current ETag, or null when the request has no valid session or membership (the page decides). */
export async function pageEtag(request: Request, slug: string): Promise<string | null> {
  const cookie = request.headers.get('cookie') ?? '';
  const sessionKey = sessionKeyFromCookieHeader(cookie);
  if (!sessionKey || slug.length > 64) return null;
  const token = await getToken({
    req: { headers: request.headers },
    secret: env.AUTH_SECRET,
    secureCookie: cookie.includes('__Secure-authjs.session-token'),
  }).catch(() => null);
  const { sub, sid, sv } = (token ?? {}) as { sub?: unknown; sid?: unknown; sv?: unknown };
  if (!isUuid(sub) || !isUuid(sid)) return null;
  if (typeof sv !== 'number') return null;
  const membership = await withSystem(async (tx) => {
    const user = await findSessionUser(tx, { userId: sub, sessionId: sid, version: sv });
    return user ? findMembership(tx, { userId: user.id, slug }) : null;
  });
  if (!membership) return null;
  const url = new URL(request.url);
  const base = [currentBuild(), sessionKey, membership.role, url.pathname, url.search].join('\n');
  return withTenant(membership.tenant.id, async (tx) => {
    // Per-agent state (read marks, saved views, canned replies) is not in the change feed.
    const page = /\/cases\/\d+$/.test(url.pathname) ? 'case' : 'list';
    const variant = `${base}\n${await agentPageStamp(tx, { userId: sub, page })}`;
    return changeEtag(tx, { tenantId: membership.tenant.id, variant });
  });
}
