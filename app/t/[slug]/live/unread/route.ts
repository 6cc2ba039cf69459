// GET /t/:slug/live/unread – how many of the signed-in agent's own cases have customer mail they have not seen
// ({"count":3}): the tab title's number and the browser notification ask it now and then. 404 without membership.
import { countUnreadCases } from '@/lib/workspace/count-unread-cases';
import { memberRoute, noStoreJson } from '@/app/t/[slug]/_lib/tenant-for-route';

export const dynamic = 'force-dynamic';

export const GET = memberRoute(async ({ tx, access }) =>
  noStoreJson({ count: await countUnreadCases(tx, { userId: access.userId }) }),
);
