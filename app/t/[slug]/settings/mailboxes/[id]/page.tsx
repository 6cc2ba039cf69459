import type { Metadata } from 'next';
import Link from 'next/link';
import { withTenantOrNotFound } from '@/app/t/[slug]/_lib/with-tenant-or-not-found';
import { AutoRefresh } from '@/app/_components/auto-refresh';
import { formatDate } from '@/app/_components/format-date';
import { requireTenant } from '@/lib/auth/require-tenant';
import { MANAGE_ROLE } from '@/lib/auth/roles';
import { listIgnoredMessages } from '@/lib/cases/queries/list-ignored-messages';
import { getMailbox } from '@/lib/mailboxes/get-mailbox';
import { listSyncRuns } from '@/lib/mailboxes/list-sync-runs';
import { forwardingAddressOf } from '@/lib/mailboxes/forwarding-address';
import { listMailboxFolders } from '@/lib/mailboxes/mailbox-folders';
import { listMembers } from '@/lib/members/list-members';
import { MailboxStateBadge } from '../_components/mailbox-state-badge';
import { LiveImportProgress } from './live-import-progress';
import { OAuthPanel } from '../_components/oauth-panel';
import { ApiMailboxSettingsForm } from '../_components/api-mailbox-settings-form';
import { apiMailboxSettingsDefaults } from '../_lib/api-mailbox-settings-defaults';
import {
  AcknowledgementForm,
  DeleteMailboxForm,
  FinishSetup,
  ReleaseButton,
  SettingsForm,
  StateControls,
} from './mailbox-forms';
import { DisplayText, LIST_TEXT_MAX } from '@/app/_components/display-text';
import { mailFilteringOf } from '@/lib/mailboxes/mail-filtering';
import { FilteringForm } from './filtering-form';
import { ReplyTemplateForm } from './reply-template-form';
import { Section } from '@/app/_components/section';
import { TableHead } from '@/app/_components/table-head';

export const metadata: Metadata = { title: 'Mailbox' };

const card = 'rounded-lg bg-white p-5 shadow-sm';

/** A titled card of the page holding one of the mailbox's forms. */
function FormCard({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Section id={id} title={title} className={card}>
      <div className="mt-3">{children}</div>
    </Section>
  );
}

export default async function MailboxPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { tenant } = await requireTenant(slug, { role: MANAGE_ROLE });
  const data = await withTenantOrNotFound(tenant.id, async (tx) => {
    const m = await getMailbox(tx, id);
    return {
      m,
      ignored: await listIgnoredMessages(tx, { mailboxId: m.id, limit: 50 }),
      runs: await listSyncRuns(tx, { mailboxId: m.id, limit: 20 }),
      folders: await listMailboxFolders(tx, m.id),
      members: await listMembers(tx),
    };
  });
  const { m, ignored, runs, folders } = data;
  const memberEmail = new Map(data.members.map((x) => [x.userId, x.email]));
  const forwardingAddress = forwardingAddressOf(m);
  const base = `/t/${tenant.slug}/settings/mailboxes`;
  const importing = m.state === 'importing';
  // During an import the progress bar asks for its own numbers every second (LiveImportProgress).
  const liveProgress = importing && m.importTotal != null;

  return (
    <div className="max-w-5xl space-y-8">
      {!liveProgress && m.state !== 'draft' ? <AutoRefresh intervalMs={importing ? 1500 : 10000} /> : null}
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={base} className="text-indigo-700 underline">
          ← Mailboxes
        </Link>
      </nav>
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="min-w-0 break-all text-2xl font-semibold">{m.email}</h1>
          <MailboxStateBadge
            state={m.state}
            progress={
              m.importTotal != null && !liveProgress ? { processed: m.importProcessed, total: m.importTotal } : null
            }
          />
        </div>
        <p className="text-sm text-slate-600">
          Last successful sync: {m.lastSyncAt ? formatDate(m.lastSyncAt) : 'never'}
          {m.importedAt ? ` · Import finished ${formatDate(m.importedAt)}` : ''}
        </p>
        {m.lastError && (m.state === 'error' || m.state === 'needs_reauth') ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {m.lastError} {m.lastErrorAt ? `(${formatDate(m.lastErrorAt)})` : ''}
          </p>
        ) : null}
        {liveProgress ? (
          <LiveImportProgress
            slug={tenant.slug}
            mailboxId={m.id}
            processed={m.importProcessed}
            total={m.importTotal!}
          />
        ) : null}
        {m.state === 'draft' ? (
          <FinishSetup slug={tenant.slug} mailboxId={m.id} />
        ) : (
          <StateControls slug={tenant.slug} mailboxId={m.id} state={m.state} />
        )}
      </header>

      {m.protocol === 'forward' ? (
        <Section id="forwarding" title="Forwarding address" className={card}>
          {forwardingAddress ? (
            <>
              <p className="mt-2 text-sm text-slate-700">Forward {m.email} to:</p>
              <p className="mt-1">
                <code
                  className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm"
                  data-testid="forwarding-address"
                >
                  {forwardingAddress}
                </code>
              </p>
              <p className="mt-2 text-xs text-slate-500">
                Mail there becomes a case at once; the sending server hears “accepted” only after it is stored.
              </p>
            </>
          ) : (
            <p className="mt-2 text-sm text-slate-700">
              This server has no INBOUND_DOMAIN set, so the address cannot be shown; mail is not received until it is.
            </p>
          )}
        </Section>
      ) : null}

      {m.protocol === 'imap' || m.protocol === 'imaps' ? (
        <section
          aria-labelledby="folders-heading"
          className="rounded-lg bg-white p-5 shadow-sm"
          data-testid="mailbox-folders"
        >
          <h2 id="folders-heading" className="text-lg font-semibold">
            Folders
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            <li>
              <strong>{m.folder}</strong> — after storing:{' '}
              {m.afterProcessing === 'move' ? `moved to ${m.moveToFolder}` : 'deleted'}
            </li>
            {folders.map((f) => (
              <li key={f.name} data-testid="mailbox-folder">
                <strong>{f.name}</strong>
                {f.assigneeId ? ` — assigned to ${memberEmail.get(f.assigneeId) ?? 'a former member'}` : ''}
                {f.tags.length ? ` — tags: ${f.tags.join(', ')}` : ''}
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-slate-500">
            Further folders are added in the wizard, with the CLI (<code>mailbox folder add</code>) or the API.
          </p>
        </section>
      ) : null}

      {/* OAuth slot: re-authorise / sign in with Google or Microsoft (../_components/oauth-panel.tsx). */}
      <OAuthPanel slug={tenant.slug} mode="mailbox" mailboxId={m.id} email={m.email} />

      <Section id="sync" title="Sync log" className={card}>
        {runs.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">
            No sync has run yet{m.state === 'draft' ? ': finish the setup above' : ''}.
          </p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full min-w-[40rem] text-left text-sm" data-testid="sync-log">
              <TableHead
                className="text-xs text-slate-500"
                cellClassName="py-1 pr-3 font-medium"
                columns={['Started', 'Trigger', 'Fetched', 'New cases', 'Replies', 'Ignored', 'Deleted', 'Result']}
              />
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id} className="border-t border-slate-100">
                    <td className="py-1 pr-3">{formatDate(r.startedAt)}</td>
                    <td className="py-1 pr-3">{r.trigger}</td>
                    <td className="py-1 pr-3 tabular-nums">{r.fetched}</td>
                    <td className="py-1 pr-3 tabular-nums">{r.created}</td>
                    <td className="py-1 pr-3 tabular-nums">{r.appended}</td>
                    <td className="py-1 pr-3 tabular-nums">{r.ignored + r.quarantined}</td>
                    <td className="py-1 pr-3 tabular-nums">{r.deleted}</td>
                    <td className={`py-1 ${r.error ? 'text-red-700' : 'text-slate-600'}`}>
                      {r.error ?? (r.finishedAt ? 'OK' : 'running…')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section id="ignored" title="Ignored and quarantined mail" className={card}>
        <p className="mt-1 text-sm text-slate-600">
          Automatic mail (bounces, out-of-office, newsletters) and messages we could not read. If one should have been a
          case, create it here.
        </p>
        {ignored.items.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500">Nothing ignored so far.</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100" data-testid="ignored-list">
            {ignored.items.map((i) => (
              <li key={i.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0">
                  <p className="break-words text-sm font-medium">
                    <DisplayText text={i.subject ?? '(no subject)'} max={LIST_TEXT_MAX} />
                  </p>
                  <p className="break-all text-xs text-slate-600">
                    {i.fromName ? (
                      <>
                        <DisplayText text={i.fromName} max={LIST_TEXT_MAX} /> &lt;{i.from}&gt;
                      </>
                    ) : (
                      (i.from ?? 'unknown sender')
                    )}{' '}
                    · {i.sentAt ? `sent ${formatDate(new Date(i.sentAt))} · received ` : ''}
                    {formatDate(new Date(i.createdAt))}
                  </p>
                  {i.messageId ? (
                    <p className="break-all text-xs text-slate-500" data-testid="ignored-message-id">
                      Message-ID: <code>{`<${i.messageId}>`}</code>
                    </p>
                  ) : null}
                  <p className="mt-1 text-xs">
                    <span
                      className={`rounded px-1.5 py-0.5 ${i.outcome === 'quarantined' ? 'bg-red-50 text-red-800' : 'bg-slate-100 text-slate-700'}`}
                    >
                      {i.outcome}
                    </span>{' '}
                    <span className="text-slate-600">
                      {i.kind}: <code>{i.reason}</code>
                    </span>
                  </p>
                </div>
                {i.released && i.releasedCaseNumber ? (
                  <Link
                    href={`/t/${tenant.slug}/cases/${i.releasedCaseNumber}`}
                    className="text-sm text-indigo-700 underline"
                  >
                    Case #{i.releasedCaseNumber}
                  </Link>
                ) : (
                  <ReleaseButton slug={tenant.slug} mailboxId={m.id} ignoredMessageId={i.id} />
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <FormCard id="ack" title="Acknowledgement">
        <AcknowledgementForm slug={tenant.slug} mailboxId={m.id} enabled={m.ackEnabled} template={m.ackTemplate} />
      </FormCard>

      <FormCard id="reply-template" title="Greeting and sign-off of replies">
        <ReplyTemplateForm
          slug={tenant.slug}
          mailboxId={m.id}
          template={m.replyTemplate}
          mailboxName={m.displayName || m.email}
        />
      </FormCard>

      <FormCard id="filtering" title="Filtering">
        <FilteringForm slug={tenant.slug} mailboxId={m.id} filtering={mailFilteringOf(m)} />
      </FormCard>

      {m.protocol === 'forward' ? null : (
        <Section id="settings" title="Settings" className={card}>
          {m.protocol === 'graph' || m.protocol === 'gmail-api' ? (
            <div className="mt-3 space-y-4">
              <p className="text-sm text-slate-700" data-testid="api-mailbox-settings">
                Reads {m.apiUser ? <strong>{m.apiUser}</strong> : 'the signed-in account’s mailbox'} (
                {m.folder === 'INBOX' ? 'Inbox' : m.folder}) through{' '}
                {m.protocol === 'graph' ? 'Microsoft Graph' : 'the Gmail API'}
                {m.oauthGrantType === 'client_credentials' ? ' with app-only access' : ''}, and sends acknowledgements
                and replies through it.
              </p>
              <ApiMailboxSettingsForm slug={tenant.slug} mailboxId={m.id} d={apiMailboxSettingsDefaults(m)} />
            </div>
          ) : (
            <div className="mt-3">
              <SettingsForm
                slug={tenant.slug}
                mailboxId={m.id}
                defaults={{
                  username: m.username,
                  protocol: m.protocol,
                  host: m.host,
                  port: String(m.port),
                  starttls: m.starttls,
                  tlsVerify: m.tlsVerify,
                  folder: m.folder,
                  afterProcessing: m.afterProcessing,
                  moveToFolder: m.moveToFolder ?? undefined,
                  createCases: m.createCases,
                  displayName: m.displayName ?? '',
                  pollIntervalSeconds: String(m.pollIntervalSeconds),
                  smtpEnabled: Boolean(m.smtpHost),
                  smtpHost: m.smtpHost ?? undefined,
                  smtpPort: m.smtpPort ? String(m.smtpPort) : undefined,
                  smtpSecurity: m.smtpSecurity ?? undefined,
                  smtpSameAsIncoming: m.smtpSameAsIncoming,
                  smtpUsername: m.smtpUsername ?? undefined,
                }}
              />
            </div>
          )}
        </Section>
      )}

      <section aria-labelledby="danger-heading" className="rounded-lg border border-red-200 bg-white p-5">
        <h2 id="danger-heading" className="text-lg font-semibold text-red-900">
          Delete
        </h2>
        <div className="mt-3">
          <DeleteMailboxForm slug={tenant.slug} mailboxId={m.id} email={m.email} />
        </div>
      </section>
    </div>
  );
}
