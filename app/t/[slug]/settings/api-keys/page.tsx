import type { Metadata } from 'next';
import { formatDate } from '@/app/_components/format-date';
import { listApiKeys } from '@/lib/api-keys/list-api-keys';
import { ActionButtonForm } from '@/app/_components/action-button-form';
import { PageHeader } from '@/app/_components/page-header';
import { Section } from '@/app/_components/section';
import { CardTable } from '@/app/_components/table-head';
import { revokeApiKeyAction } from './actions';
import { loadManagerPage } from '../load-manager-page';
import { CreateApiKeyForm } from './api-key-forms';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { tenant, data: keys } = await loadManagerPage(params, (tx) => listApiKeys(tx));
  return (
    <div className="max-w-4xl space-y-10">
      <PageHeader title="API keys">
        Keys give programs access to this workspace&apos;s REST API (<code>/api/v1</code>) with{' '}
        <code>Authorization: Bearer cf_live_…</code>.
      </PageHeader>
      <Section id="create" title="Create a key">
        <CreateApiKeyForm slug={tenant.slug} />
      </Section>
      <Section id="keys" title="Keys">
        {keys.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No keys yet.</p>
        ) : (
          <CardTable
            columns={[
              'Name',
              'Key',
              'Created',
              'Last used',
              <span key="actions" className="sr-only">
                Actions
              </span>,
            ]}
          >
            {keys.map((k) => (
              <tr key={k.id} className="border-t border-slate-200" data-testid="api-key-row">
                <td className="px-4 py-3">{k.name}</td>
                <td className="px-4 py-3 font-mono text-xs">{k.prefix}…</td>
                <td className="px-4 py-3 text-slate-600">{formatDate(k.createdAt)}</td>
                <td className="px-4 py-3 text-slate-600">{k.lastUsedAt ? formatDate(k.lastUsedAt) : 'never'}</td>
                <td className="px-4 py-3 text-right">
                  {k.revokedAt ? (
                    <span className="text-slate-500">revoked {formatDate(k.revokedAt)}</span>
                  ) : (
                    <ActionButtonForm
                      action={revokeApiKeyAction}
                      fields={{ slug: tenant.slug, apiKeyId: k.id }}
                      about={k.name}
                      pendingText="Revoking…"
                    >
                      Revoke
                    </ActionButtonForm>
                  )}
                </td>
              </tr>
            ))}
          </CardTable>
        )}
      </Section>
    </div>
  );
}
