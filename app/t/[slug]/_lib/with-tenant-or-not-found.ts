// Pages under /t/[slug] that show one record (a contact, an organisation, a mailbox, a webhook endpoint): the load
// runs in the tenant's transaction, and a record that is missing or another tenant's (AppError 'not_found') renders the 404 page
// instead of an error page. Other errors stay errors.
import { notFound } from 'next/navigation';
import { withTenant, type TenantTx } from '@/db/tenancy';
import { isAppError } from '@/lib/errors';

export async function withTenantOrNotFound<T>(tenantId: string, load: (tx: TenantTx) => Promise<T>): Promise<T> {
  try {
    return await withTenant(tenantId, load);
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') notFound();
    throw err;
  }
}
