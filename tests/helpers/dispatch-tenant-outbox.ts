// What the runner's outbox loop does for webhooks, for one tenant only (test files share one
// database and must not dispatch each other's events): every undispatched event to the webhook
// consumer (other consumers, such as acknowledgements, are not these tests' business).
import { createWebhookDeliveries } from '@/lib/webhooks/create-webhook-deliveries';
import { runTenantOutbox } from './run-tenant-outbox';

export async function dispatchTenantOutbox(tenantId: string): Promise<number> {
  return (await runTenantOutbox(tenantId, createWebhookDeliveries)).length;
}
