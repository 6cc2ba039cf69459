import type { Metadata } from 'next';
import { withTenant } from '@/db/tenancy';
import { formatDate } from '@/app/_components/format-date';
import { listApiKeys } from '@/lib/api-keys/list-api-keys';
import { requireTenant } from '@/lib/auth/require-tenant';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { CreateApiKeyForm, RevokeApiKeyButton } from './api-key-forms';
import { TableHead } from '@/app/_components/table-head';
import { Section } from '@/app/_components/section';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenant(slug, { role: MANAGE_ROLE });
  const keys = await withTenant(tenant.id, (tx) => listApiKeys(tx));
  return (
    <div className="max-w-4xl space-y-10">
      <header>
        <h1 className="text-2xl font-semibold">API keys</h1>
        <p className="mt-1 text-sm text-slate-600">
          Keys give programs access to this workspace&apos;s REST API (<code>/api/v1</code>) with{' '}
          <code>Authorization: Bearer cf_live_…</code>.
        </p>
      </header>
      <Section id="create" title="Create a key">
        <CreateApiKeyForm slug={tenant.slug} />
      </Section>
      <Section id="keys" title="Keys">
        {keys.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No keys yet.</p>
        ) : (
          <table className="mt-3 w-full border-collapse overflow-hidden rounded-lg bg-white text-sm shadow-sm">
            <TableHead
              className="bg-slate-100 text-left text-slate-600"
              cellClassName="px-4 py-2 font-medium"
              columns={[
                'Name',
                'Key',
                'Created',
                'Last used',
                <span key="actions" className="sr-only">
                  Actions
                </span>,
              ]}
            />
            <tbody>
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
                      <RevokeApiKeyButton slug={tenant.slug} apiKeyId={k.id} name={k.name} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
