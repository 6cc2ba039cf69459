import type { Metadata } from 'next';
import { withTenant } from '@/db/tenancy';
import { requireTenant } from '@/lib/auth/require-tenant';
import { getAgentSignature } from '@/lib/workspace/agent-signature';
import { listCannedReplies } from '@/lib/workspace/canned-replies';
import { CANNED_PLACEHOLDERS } from '@/lib/workspace/render-canned-reply';
import { ActionButtonForm } from '@/app/_components/action-button-form';
import { PageHeader } from '@/app/_components/page-header';
import { deleteCannedReplyAction } from './actions';
import { CannedReplyForm, SignatureForm } from './reply-forms';

export const metadata: Metadata = { title: 'Replies' };

export default async function RepliesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, user } = await requireTenant(slug);
  const { replies, signature } = await withTenant(tenant.id, async (tx) => ({
    replies: await listCannedReplies(tx),
    signature: await getAgentSignature(tx, { userId: user.id }),
  }));
  return (
    <div className="max-w-3xl space-y-10">
      <PageHeader title="Replies">
        Canned replies are shared by everyone in this workspace; insert one in a reply with the picker or by typing{' '}
        <kbd className="rounded border px-1">/</kbd> in an empty reply. Placeholders:{' '}
        {CANNED_PLACEHOLDERS.map((p) => (
          <code key={p} className="mr-1 rounded bg-slate-100 px-1 text-xs">{`{{${p}}}`}</code>
        ))}
      </PageHeader>
      <section className="rounded-lg bg-white p-5 shadow-sm">
        <SignatureForm slug={tenant.slug} signature={signature} />
        <p className="mt-2 text-xs text-slate-500">
          Yours alone, added below every reply you send from this workspace.
        </p>
      </section>
      <section className="space-y-4">
        <h2 className="text-lg font-semibold">Canned replies</h2>
        {replies.length ? (
          <ul className="space-y-4" data-testid="canned-replies">
            {replies.map((r) => (
              <li key={r.id} className="rounded-lg bg-white p-5 shadow-sm">
                <CannedReplyForm slug={tenant.slug} reply={r} />
                <div className="mt-2">
                  <ActionButtonForm
                    action={deleteCannedReplyAction}
                    fields={{ slug: tenant.slug, id: r.id }}
                    about={r.name}
                    pendingText="Deleting…"
                  >
                    Delete
                  </ActionButtonForm>
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">None yet.</p>
        )}
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-5">
          <h3 className="mb-3 text-sm font-semibold">New canned reply</h3>
          <CannedReplyForm slug={tenant.slug} />
        </div>
      </section>
    </div>
  );
}
