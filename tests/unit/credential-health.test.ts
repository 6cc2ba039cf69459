// When a mailbox's credentials expire, from what was stored when they were issued (lib/mailboxes/credential-health.ts).
import { describe, expect, it } from 'vitest';
import {
  credentialExpiries,
  credentialWarnings,
  crossedThreshold,
  describeExpiry,
  type CredentialHealthColumns,
} from '@/lib/mailboxes/credential-health';

const DAY = 24 * 3600_000;
const now = new Date('2026-12-05T12:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const ahead = (days: number) => new Date(now.getTime() + days * DAY);

const row = (over: Partial<CredentialHealthColumns>): CredentialHealthColumns => ({
  protocol: 'imaps',
  authMethod: 'oauth',
  oauthProvider: 'google',
  oauthRefreshTokenSealed: 'sealed',
  oauthRefreshTokenIssuedAt: ago(1),
  oauthRefreshTokenUsedAt: null,
  oauthRefreshTokenExpiresAt: null,
  oauthTestingApp: false,
  oauthClientSecretSealed: 'sealed',
  oauthClientSecretExpiresAt: null,
  ...over,
});

describe('credential expiries', () => {
  it('the client secret’s advice names where the new one is entered: OAuth settings, or an API mailbox’s Settings', () => {
    const expiring = { oauthProvider: 'microsoft', oauthClientSecretExpiresAt: ahead(3) };
    const [imap] = credentialExpiries(row(expiring));
    expect(imap.advice).toMatch(/Certificates & secrets\).*in the mailbox’s OAuth settings\.$/);
    const [graph] = credentialExpiries(row({ ...expiring, protocol: 'graph' }));
    expect(graph.advice).toMatch(/in the mailbox’s Settings, under “App registration”\.$/);
  });

  it('a password mailbox, and a published Google app without dates, have none', () => {
    expect(credentialExpiries(row({ authMethod: 'password' }))).toEqual([]);
    expect(credentialExpiries(row({}))).toEqual([]);
  });

  it('a Google app in Testing ends 7 days after the refresh token was issued', () => {
    const [e] = credentialExpiries(row({ oauthTestingApp: true, oauthRefreshTokenIssuedAt: ago(5) }));
    expect(e).toMatchObject({ kind: 'testing-app', expiresAt: ahead(2) });
  });

  it('a provider-given expiry wins over the 7-day pattern', () => {
    const list = credentialExpiries(row({ oauthTestingApp: true, oauthRefreshTokenExpiresAt: ahead(3) }));
    expect(list.map((e) => e.kind)).toEqual(['refresh-token']);
  });

  it('Microsoft counts 90 days from the last use (or the issue), and the client secret from its entered date, soonest first', () => {
    const list = credentialExpiries(
      row({ oauthProvider: 'microsoft', oauthRefreshTokenUsedAt: ago(85), oauthClientSecretExpiresAt: ahead(30) }),
    );
    expect(list.map((e) => [e.kind, e.expiresAt])).toEqual([
      ['microsoft-inactivity', ahead(5)],
      ['client-secret', ahead(30)],
    ]);
  });

  it('without a refresh token only the client secret is left; without a secret its date is ignored', () => {
    const noGrant = row({
      oauthProvider: 'microsoft',
      oauthRefreshTokenSealed: null,
      oauthClientSecretExpiresAt: ahead(1),
    });
    expect(credentialExpiries(noGrant).map((e) => e.kind)).toEqual(['client-secret']);
    expect(credentialExpiries({ ...noGrant, oauthClientSecretSealed: null })).toEqual([]);
  });

  it('warns within 14 days, and after expiry', () => {
    const soon = row({ oauthClientSecretExpiresAt: ahead(13) });
    const far = row({ oauthClientSecretExpiresAt: ahead(15) });
    const past = row({ oauthClientSecretExpiresAt: ago(1) });
    expect(credentialWarnings(soon, now)).toHaveLength(1);
    expect(credentialWarnings(far, now)).toHaveLength(0);
    expect(credentialWarnings(past, now)).toHaveLength(1);
  });
});

describe('mail thresholds', () => {
  it('the tightest threshold crossed: 14, 3, 1 days, then expired', () => {
    expect(crossedThreshold(ahead(20), now)).toBeNull();
    expect(crossedThreshold(ahead(14), now)).toBe(14);
    expect(crossedThreshold(ahead(5), now)).toBe(14);
    expect(crossedThreshold(ahead(2.5), now)).toBe(3);
    expect(crossedThreshold(ahead(0.5), now)).toBe(1);
    expect(crossedThreshold(ago(0.1), now)).toBe(0);
  });

  it('says how long is left in days, within a day, or that it expired', () => {
    expect(describeExpiry({ expiresAt: ahead(6.9) }, now)).toMatch(/^expires in 6 days \(2026-12-12 09:36 UTC\)$/);
    expect(describeExpiry({ expiresAt: ahead(1.2) }, now)).toMatch(/^expires in 1 day /);
    expect(describeExpiry({ expiresAt: ahead(0.2) }, now)).toMatch(/^expires within a day /);
    expect(describeExpiry({ expiresAt: ago(1) }, now)).toBe('expired on 2026-12-04 12:00 UTC');
  });
});
