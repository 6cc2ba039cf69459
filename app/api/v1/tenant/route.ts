// GET /api/v1/tenant – the tenant the API key belongs to
import { apiRoute } from '@/lib/api/api-route';
import { getTenant } from '@/lib/tenants/get-tenant';

export const GET = apiRoute({}, async ({ tx, tenantId }) => getTenant(tx, tenantId));
