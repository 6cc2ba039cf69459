import type { Metadata } from 'next';
import Link from 'next/link';
import { withTenantOrNotFound } from '@/app/t/[slug]/_lib/with-tenant-or-not-found';
import { formatDate } from '@/app/_components/format-date';
import { requireTenant } from '@/lib/auth/require-tenant';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { getWebhookEndpoint } from '@/lib/webhooks/get-webhook-endpoint';
import { listWebhookDeliveries } from '@/lib/webhooks/list-webhook-deliveries';
import { ActionButtonForm } from '@/app/_components/action-button-form';
import { deleteEndpointAction } from '../actions';
import { EditEndpointForm, ReplayButton, RotateSecretForm, SendTestForm } from '../webhook-forms';
import { TableHead } from '@/app/_components/table-head';
import { Section } from '@/app/_components/section';

export const metadata: Metadata = { title: 'Webhook endpoint' };

const statusStyle = {
  succeeded: 'text-emerald-800',
  pending: 'text-amber-800',
  failed: 'text-red-800',
  abandoned: 'text-slate-600',
} as const;

export default async function WebhookEndpointPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { tenant } = await requireTenant(slug, { role: MANAGE_ROLE });
  const { endpoint, deliveries } = await withTenantOrNotFound(tenant.id, async (tx) => {
    const endpoint = await getWebhookEndpoint(tx, id);
    return { endpoint, deliveries: await listWebhookDeliveries(tx, { endpointId: endpoint.id, limit: 50 }) };
  });
  const overlapUntil =
    endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date()
      ? endpoint.previousSecretExpiresAt
      : null;
  return (
    <div className="max-w-5xl space-y-10">
      <header>
        <p className="text-sm">
          <Link href={`/t/${tenant.slug}/settings/webhooks`} className="text-indigo-700 hover:underline">
            Webhooks
          </Link>
        </p>
        <h1 className="mt-1 break-all text-2xl font-semibold">{endpoint.url}</h1>
        {endpoint.description ? <p className="mt-1 text-sm text-slate-600">{endpoint.description}</p> : null}
        {!endpoint.enabled ? (
          <p
            role="alert"
            className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
            data-testid="disabled-reason"
          >
            Disabled {formatDate(endpoint.disabledAt)}
            {endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ' by hand.'} Fix the receiver, tick “Enabled”
            and save; then replay what it missed.
          </p>
        ) : endpoint.failingSince ? (
          <p className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Failing since {formatDate(endpoint.failingSince)}. After 5 days without a successful delivery the endpoint
            is disabled.
          </p>
        ) : null}
      </header>

      <Section id="settings" title="Settings">
        <EditEndpointForm
          slug={tenant.slug}
          endpointId={endpoint.id}
          values={{
            url: endpoint.url,
            description: endpoint.description ?? '',
            events: endpoint.eventTypes ?? null,
            includeBodies: endpoint.includeBodies,
            enabled: endpoint.enabled,
          }}
        />
      </Section>

      <Section id="secret" title="Signing secret" className="space-y-3">
        <p className="text-sm text-slate-600">
          The secret is shown only when it is created or rotated. After a rotation the old secret keeps signing
          alongside the new one for 24 hours.
          {overlapUntil ? ` Two secrets sign until ${formatDate(overlapUntil)}.` : ''}
        </p>
        <RotateSecretForm slug={tenant.slug} endpointId={endpoint.id} />
        <SendTestForm slug={tenant.slug} endpointId={endpoint.id} />
      </Section>

      <Section id="log" title="Delivery log">
        {deliveries.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">Nothing delivered yet.</p>
        ) : (
          <ul className="mt-3 space-y-4">
            {deliveries.map((d) => (
              <li
                key={d.id}
                className="rounded-lg bg-white p-4 shadow-sm"
                data-testid="webhook-delivery"
                data-delivery-id={d.id}
              >
                <div className="flex flex-wrap items-center justify-between gap-3">
                  <div className="text-sm">
                    <code className="font-medium">{d.eventType}</code>{' '}
                    <span className={statusStyle[d.status]} data-testid="delivery-status">
                      {d.status}
                    </span>
                    <span className="text-slate-600">
                      {' '}
                      · {d.attempts} attempt{d.attempts === 1 ? '' : 's'} in this series
                      {d.nextAttemptAt ? ` · next ${formatDate(new Date(d.nextAttemptAt))}` : ''}
                    </span>
                    <p className="font-mono text-xs text-slate-500">webhook-id {d.eventId}</p>
                  </div>
                  <ReplayButton slug={tenant.slug} deliveryId={d.id} label={`${d.eventType} ${d.eventId}`} />
                </div>
                <table className="mt-3 w-full border-collapse text-xs">
                  <TableHead
                    className="text-left text-slate-600"
                    cellClassName="py-1 pr-3 font-medium"
                    columns={['Time', 'Status', 'Duration', 'Response', 'Error']}
                  />
                  <tbody>
                    {d.attemptLog.map((a) => (
                      <tr key={a.id} className="border-t border-slate-100 align-top" data-testid="webhook-attempt">
                        <td className="whitespace-nowrap py-1 pr-3">
                          <time dateTime={a.attemptedAt}>{a.attemptedAt.replace('T', ' ').slice(0, 19)} UTC</time>
                        </td>
                        <td className="py-1 pr-3" data-testid="attempt-status">
                          {a.statusCode ?? '—'}
                        </td>
                        <td className="whitespace-nowrap py-1 pr-3">
                          {a.durationMs !== null ? `${a.durationMs} ms` : '—'}
                        </td>
                        <td className="max-w-xs py-1 pr-3">
                          <pre className="max-h-24 overflow-auto whitespace-pre-wrap break-all font-mono">
                            {a.responseBody || '—'}
                          </pre>
                        </td>
                        <td className="py-1 text-red-800">{a.error ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="danger" title="Delete">
        <ActionButtonForm
          action={deleteEndpointAction}
          fields={{ slug: tenant.slug, endpointId: endpoint.id }}
          confirm="Delete this endpoint and its delivery log?"
          pendingText="Deleting…"
        >
          Delete endpoint
        </ActionButtonForm>
      </Section>
    </div>
  );
}
