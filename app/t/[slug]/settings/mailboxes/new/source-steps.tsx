// The wizard's sources and, for each, the short setup at the provider: what to register, which
// permissions or scopes, which redirect URI (this install's own callback, shown exactly).
import type { ReactNode } from 'react';
import { GOOGLE_MAIL_SCOPE, MICROSOFT_SCOPES } from '@/lib/mailboxes/oauth/providers';

export const wizardSources = [
  {
    id: 'password',
    label: 'Password (IMAP or POP3)',
    hint: 'Any provider that still accepts passwords or app passwords.',
  },
  { id: 'google', label: 'Google with OAuth 2.0', hint: 'Gmail and Google Workspace over IMAP or POP3.' },
  {
    id: 'microsoft',
    label: 'Microsoft 365 with OAuth 2.0',
    hint: 'Exchange Online and Outlook.com over IMAP or POP3.',
  },
  { id: 'graph', label: 'Microsoft Graph', hint: 'Microsoft 365 with IMAP off, shared mailboxes, app-only access.' },
  { id: 'gmail-api', label: 'Gmail API', hint: 'Google Workspace or Gmail through the API, without IMAP.' },
  { id: 'forward', label: 'Forwarding address', hint: 'Your mail server forwards support mail to Caseflow.' },
] as const;

export type WizardSource = (typeof wizardSources)[number]['id'];

export function isWizardSource(v: unknown): v is WizardSource {
  return wizardSources.some((s) => s.id === v);
}

function Steps({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby="setup-steps-heading"
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-5 text-sm text-slate-700"
      data-testid="setup-steps"
    >
      <h2 id="setup-steps-heading" className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <ol className="list-decimal space-y-1.5 pl-5">{children}</ol>
    </section>
  );
}

const Code = ({ children }: { children: ReactNode }) => (
  <code className="break-all rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-900">{children}</code>
);

export function SourceSteps({
  source,
  callbackUrl,
  inboundDomain,
}: {
  source: WizardSource;
  callbackUrl: string;
  inboundDomain: string | null;
}) {
  switch (source) {
    case 'password':
      return (
        <Steps title="Before you start">
          <li>Use a mailbox dedicated to support, and turn IMAP (or POP3) on in the provider’s settings.</li>
          <li>If the account signs in with two steps, create an app password for Caseflow and use it below.</li>
          <li>
            Test the connection, then save: Caseflow counts what is in the mailbox and, once you confirm, imports it as
            Closed cases. New mail then becomes Open cases.
          </li>
          <li>
            After storing a message Caseflow deletes it from the server — or, with IMAP, moves it to a folder you name.
            Further IMAP folders can be read too, each with its own assignee and tags.
          </li>
        </Steps>
      );
    case 'google':
      return (
        <Steps title="Set up at Google">
          <li>
            In the Google Cloud console, pick or create a project, then open <strong>Google Auth Platform</strong>.
            Audience: <strong>Internal</strong> for a Google Workspace mailbox, else External.
          </li>
          <li>
            Under Data access, add the scope <Code>{GOOGLE_MAIL_SCOPE}</Code> (IMAP, POP3 and SMTP need this one).
          </li>
          <li>
            Under Clients, create an OAuth client of type <strong>Web application</strong> with this authorized redirect
            URI: <Code>{callbackUrl}</Code>
          </li>
          <li>
            An External app left in <strong>Testing</strong> loses its authorization after 7 days: publish it. Caseflow
            warns on Home and by email before an authorization or client secret expires.
          </li>
          <li>
            Enter the client ID and secret below (provider Google), then sign in as the support address. IMAP must be on
            in Gmail’s settings (Workspace administrators can turn it off).
          </li>
        </Steps>
      );
    case 'microsoft':
      return (
        <Steps title="Set up at Microsoft">
          <li>
            In the Microsoft Entra admin center, open <strong>App registrations → New registration</strong>. Accounts in
            this organizational directory only; redirect URI of platform <strong>Web</strong>:{' '}
            <Code>{callbackUrl}</Code>
          </li>
          <li>
            Under API permissions add the delegated permissions <Code>offline_access</Code>,{' '}
            <Code>{MICROSOFT_SCOPES.imap.split('/').pop()}</Code>, <Code>{MICROSOFT_SCOPES.pop.split('/').pop()}</Code>{' '}
            and <Code>{MICROSOFT_SCOPES.smtp.split('/').pop()}</Code>, then grant admin consent if your organisation
            requires it.
          </li>
          <li>
            Under Certificates &amp; secrets, create a client secret. Copy its <strong>Value</strong> (not the Secret
            ID) and enter its expiry date below: Caseflow mails owners and admins before it runs out.
          </li>
          <li>
            Replace <Code>common</Code> in the authorization and token URLs with your directory (tenant) ID. Microsoft
            ends an authorization unused for 90 days; a running mailbox renews it every hour.
          </li>
          <li>
            In the Microsoft 365 admin center, the mailbox needs IMAP (or POP) and Authenticated SMTP turned on under
            Mail → Manage email apps.
          </li>
        </Steps>
      );
    case 'graph':
      return (
        <Steps title="Set up at Microsoft (Microsoft Graph)">
          <li>
            In the Microsoft Entra admin center, open <strong>App registrations → New registration</strong>. For
            delegated access add a redirect URI of platform <strong>Web</strong>: <Code>{callbackUrl}</Code>
          </li>
          <li>
            Delegated (a person signs in): API permissions → Microsoft Graph → Delegated <Code>Mail.ReadWrite</Code>,{' '}
            <Code>Mail.Send</Code>, <Code>offline_access</Code>, and for a shared mailbox{' '}
            <Code>Mail.ReadWrite.Shared</Code> and <Code>Mail.Send.Shared</Code>.
          </li>
          <li>
            App-only (no person, typical for a shared support@): Application permissions <Code>Mail.ReadWrite</Code> and{' '}
            <Code>Mail.Send</Code>, then grant admin consent, and limit the app to the support mailbox in Exchange (RBAC
            for Applications) — otherwise it can read every mailbox.
          </li>
          <li>
            Create a client secret (Certificates &amp; secrets) and note its expiry: Caseflow warns before it runs out.
            Enter the directory (tenant) ID: tokens are never requested at <Code>common</Code>.
          </li>
        </Steps>
      );
    case 'gmail-api':
      return (
        <Steps title="Set up at Google (Gmail API)">
          <li>In the Google Cloud console, enable the Gmail API for your project.</li>
          <li>
            In Google Auth Platform, add the scope <Code>https://www.googleapis.com/auth/gmail.modify</Code> (read,
            label, trash and send; no permanent deletion), and publish the app: one left in “Testing” loses its
            authorization after 7 days.
          </li>
          <li>
            Create an OAuth client of type <strong>Web application</strong> with this authorized redirect URI:{' '}
            <Code>{callbackUrl}</Code>
          </li>
          <li>Enter the client ID and secret below (service Gmail API), then sign in as the support address.</li>
        </Steps>
      );
    case 'forward':
      return (
        <Steps title="How a forwarding address works">
          {inboundDomain ? (
            <li>
              Caseflow gives the mailbox an address of its own, <Code>{`…@${inboundDomain}`}</Code>. Mail sent there
              becomes cases at once; the sending server is told “accepted” only after the message is stored.
            </li>
          ) : (
            <li>
              This server does not receive mail yet: the operator sets <Code>INBOUND_DOMAIN</Code> and{' '}
              <Code>SMTP_INBOUND_PORT</Code> (and points the domain’s MX record at it) to offer forwarding addresses.
            </li>
          )}
          <li>
            At your provider, forward the support address to it. Gmail: Settings → Forwarding and POP/IMAP → Add a
            forwarding address (Google mails a confirmation code to it: find it among the new cases or in the review
            queue). Microsoft 365: the mailbox’s forwarding in the Exchange admin center, or a mail flow rule — external
            forwarding must be allowed by the outbound spam policy.
          </li>
          <li>
            Add the outgoing server (SMTP) of the support address so acknowledgements and replies go out from it;
            without one, no acknowledgements are sent.
          </li>
        </Steps>
      );
  }
}
