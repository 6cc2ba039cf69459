import type { Metadata } from 'next';
import Link from 'next/link';
import { withTenant } from '@/db/tenancy';
import { formatDate } from '@/app/_components/format-date';
import { requireTenant } from '@/lib/auth/require-tenant';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { listWebhookEndpoints } from '@/lib/webhooks/get-webhook-endpoint';
import { CreateEndpointForm } from './webhook-forms';
import { TableHead } from '@/app/_components/table-head';
import { Section } from '@/app/_components/section';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenant(slug, { role: MANAGE_ROLE });
  const endpoints = await withTenant(tenant.id, (tx) => listWebhookEndpoints(tx));
  return (
    <div className="max-w-4xl space-y-10">
      <header>
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="mt-1 text-sm text-slate-600">
          Caseflow sends signed case and message events to these URLs (Standard Webhooks: <code>webhook-id</code>,{' '}
          <code>webhook-timestamp</code>, <code>webhook-signature</code>). Failed deliveries are retried for about a
          day; an endpoint failing for 5 days is disabled.
        </p>
      </header>
      <Section id="endpoints" title="Endpoints">
        {endpoints.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No endpoints yet.</p>
        ) : (
          <table className="mt-3 w-full border-collapse overflow-hidden rounded-lg bg-white text-sm shadow-sm">
            <TableHead
              className="bg-slate-100 text-left text-slate-600"
              cellClassName="px-4 py-2 font-medium"
              columns={['URL', 'Events', 'State', 'Created']}
            />
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.id} className="border-t border-slate-200 align-top" data-testid="webhook-endpoint-row">
                  <td className="px-4 py-3">
                    <Link
                      href={`/t/${tenant.slug}/settings/webhooks/${e.id}`}
                      className="break-all font-medium text-indigo-700 hover:underline"
                    >
                      {e.url}
                    </Link>
                    {e.description ? <p className="text-slate-600">{e.description}</p> : null}
                  </td>
                  <td className="px-4 py-3 text-slate-600">{e.eventTypes ? e.eventTypes.join(', ') : 'all'}</td>
                  <td className="px-4 py-3">
                    {e.enabled ? (
                      <span className="text-emerald-800">
                        {e.failingSince ? `enabled, failing since ${formatDate(e.failingSince)}` : 'enabled'}
                      </span>
                    ) : (
                      <span className="text-red-800">disabled{e.disabledReason ? `: ${e.disabledReason}` : ''}</span>
                    )}
                  </td>
                  <td className="px-4 py-3 text-slate-600">{formatDate(e.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section id="create" title="Add an endpoint">
        <CreateEndpointForm slug={tenant.slug} />
      </Section>
    </div>
  );
}
