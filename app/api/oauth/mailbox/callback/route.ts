// GET /api/oauth/mailbox/callback – where the provider sends the owner back after "Get authorization
// code": the state is checked and spent, the code exchanged (PKCE), the tokens stored, and the owner
// returned to the mailbox page. Anything wrong ends on a page that says what, with nothing stored.
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { withSystem } from '@/db/tenancy';
import { getSessionUser } from '@/lib/auth/require-user';
import { getTenant } from '@/lib/tenants/get-tenant';
import { AuthorizationRejectedError, completeMailboxAuthorization } from '@/lib/mailboxes/oauth/complete-authorization';
import { renderOAuthResultPage } from './result-page';

const query = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
});

// The code sits in this URL: no caching, and no Referer carrying it to the next page.
const privateHeaders = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

export async function GET(request: NextRequest) {
  const user = await getSessionUser();
  if (!user) {
    // Signing in takes less than the state's 10 minutes; the same answer is completed afterwards.
    const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
    return NextResponse.redirect(new URL(`/sign-in?next=${encodeURIComponent(next)}`, request.nextUrl), {
      headers: privateHeaders,
    });
  }
  const parsed = query.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success)
    return page(400, 'The answer from the provider could not be read. Start again with “Get authorization code”.');
  try {
    const done = await completeMailboxAuthorization({ userId: user.id, response: parsed.data });
    const tenant = await withSystem((tx) => getTenant(tx, done.tenantId));
    const target = new URL(`/t/${tenant.slug}/settings/mailboxes/${done.mailboxId}?authorized=1`, request.nextUrl);
    return new NextResponse(null, {
      status: 303,
      headers: { ...privateHeaders, location: target.pathname + target.search },
    });
  } catch (err) {
    if (err instanceof AuthorizationRejectedError) return page(err.status, err.message);
    console.error('[caseflow] OAuth callback failed:', err instanceof Error ? err.name : 'unknown error');
    return page(500, 'Something went wrong on our side while connecting the mailbox. Nothing was stored; try again.');
  }
}

function page(status: number, message: string) {
  return new NextResponse(renderOAuthResultPage(message), {
    status,
    headers: { ...privateHeaders, 'content-type': 'text/html; charset=utf-8' },
  });
}
