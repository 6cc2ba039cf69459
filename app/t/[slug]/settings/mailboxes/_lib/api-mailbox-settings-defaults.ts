// What the Settings form of a Graph or Gmail API mailbox starts with, read from its row: the stored values,
// Graph's directory and sign-in authority taken apart from its token URL, the client secret's expiry as a date
// input's value, and never the client secret itself.
import { graphDirectoryOf } from '@/lib/mailboxes/create-api-mailbox';
import type { MailboxRow } from '@/lib/mailboxes/get-mailbox';
import { apiBaseUrlOf } from '@/lib/mailboxes/open-api-source';
import type { ApiMailboxSettings } from '../_components/api-mailbox-settings-form';

export function apiMailboxSettingsDefaults(m: MailboxRow): ApiMailboxSettings {
  const protocol = m.protocol === 'graph' ? 'graph' : 'gmail-api';
  const tokenUrl = m.oauthTokenUrl ?? '';
  const directory = protocol === 'graph' ? graphDirectoryOf(tokenUrl) : null;
  return {
    protocol,
    appOnly: m.oauthGrantType === 'client_credentials',
    email: m.email,
    displayName: m.displayName ?? '',
    shared: m.apiUser !== null,
    username: m.username,
    folder: m.folder,
    afterProcessing: m.afterProcessing,
    moveToFolder: m.moveToFolder ?? '',
    createCases: m.createCases,
    pollIntervalSeconds: String(m.pollIntervalSeconds),
    apiBaseUrl: m.apiBaseUrl ?? '',
    defaultApiBaseUrl: apiBaseUrlOf({ protocol, apiBaseUrl: null }),
    clientId: m.oauthClientId ?? '',
    hasClientSecret: Boolean(m.oauthClientSecretSealed),
    clientSecretExpiresAt: m.oauthClientSecretExpiresAt?.toISOString().slice(0, 10) ?? '',
    directory: directory?.directory ?? '',
    authority: directory?.authority ?? '',
    authorizationUrl: m.oauthAuthUrl ?? '',
    tokenUrl,
  };
}
