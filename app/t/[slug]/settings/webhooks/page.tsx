import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDate } from '@/app/_components/format-date';
import { PageHeader } from '@/app/_components/page-header';
import { Section } from '@/app/_components/section';
import { CardTable } from '@/app/_components/table-head';
import { listWebhookEndpoints } from '@/lib/webhooks/get-webhook-endpoint';
import { loadManagerPage } from '../load-manager-page';
import { CreateEndpointForm } from './webhook-forms';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { tenant, data: endpoints } = await loadManagerPage(params, (tx) => listWebhookEndpoints(tx));
  return (
    <div className="max-w-4xl space-y-10">
      <PageHeader title="Webhooks">
        Caseflow sends signed case and message events to these URLs (Standard Webhooks: <code>webhook-id</code>,{' '}
        <code>webhook-timestamp</code>, <code>webhook-signature</code>). Failed deliveries are retried for about a day;
        an endpoint failing for 5 days is disabled.
      </PageHeader>
      <Section id="endpoints" title="Endpoints">
        {endpoints.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No endpoints yet.</p>
        ) : (
          <CardTable columns={['URL', 'Events', 'State', 'Created']}>
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
          </CardTable>
        )}
      </Section>
      <Section id="create" title="Add an endpoint">
        <CreateEndpointForm slug={tenant.slug} />
      </Section>
    </div>
  );
}
