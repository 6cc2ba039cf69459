// Server settings for common providers, picked from the address's domain, so most owners only
// type their address and an app password.

export type SmtpSecurity = 'none' | 'starttls' | 'tls';

export type MailboxPreset = {
  provider: string;
  protocol: 'imaps';
  host: string;
  port: number;
  smtp: { host: string; port: number; security: SmtpSecurity };
};

type Provider = { provider: string; imap: string; smtp: string; smtpPort: 465 | 587; domains: string[] };

const providers: Provider[] = [
  {
    provider: 'Gmail',
    imap: 'imap.gmail.com',
    smtp: 'smtp.gmail.com',
    smtpPort: 465,
    domains: ['gmail.com', 'googlemail.com'],
  },
  {
    provider: 'Outlook.com',
    imap: 'outlook.office365.com',
    smtp: 'smtp-mail.outlook.com',
    smtpPort: 587,
    domains: [
      'outlook.com',
      'outlook.de',
      'outlook.fr',
      'outlook.es',
      'outlook.it',
      'outlook.jp',
      'outlook.co.uk',
      'hotmail.com',
      'hotmail.co.uk',
      'hotmail.de',
      'hotmail.fr',
      'hotmail.it',
      'hotmail.es',
      'live.com',
      'live.co.uk',
      'live.de',
      'live.fr',
      'live.nl',
      'msn.com',
    ],
  },
  // Microsoft 365 tenants' own domains cannot be told from the name; their onmicrosoft.com ones can.
  {
    provider: 'Microsoft 365',
    imap: 'outlook.office365.com',
    smtp: 'smtp.office365.com',
    smtpPort: 587,
    domains: ['*.onmicrosoft.com'],
  },
  {
    provider: 'Yahoo',
    imap: 'imap.mail.yahoo.com',
    smtp: 'smtp.mail.yahoo.com',
    smtpPort: 465,
    domains: [
      'yahoo.com',
      'yahoo.co.uk',
      'yahoo.de',
      'yahoo.fr',
      'yahoo.es',
      'yahoo.it',
      'yahoo.ca',
      'yahoo.com.au',
      'yahoo.co.jp',
      'ymail.com',
      'rocketmail.com',
    ],
  },
  {
    provider: 'iCloud',
    imap: 'imap.mail.me.com',
    smtp: 'smtp.mail.me.com',
    smtpPort: 587,
    domains: ['icloud.com', 'me.com', 'mac.com'],
  },
  {
    provider: 'Fastmail',
    imap: 'imap.fastmail.com',
    smtp: 'smtp.fastmail.com',
    smtpPort: 465,
    domains: ['fastmail.com', 'fastmail.fm'],
  },
  {
    provider: 'Zoho Mail',
    imap: 'imap.zoho.com',
    smtp: 'smtp.zoho.com',
    smtpPort: 465,
    domains: ['zoho.com', 'zohomail.com'],
  },
  {
    provider: 'Zoho Mail (EU)',
    imap: 'imap.zoho.eu',
    smtp: 'smtp.zoho.eu',
    smtpPort: 465,
    domains: ['zoho.eu', 'zohomail.eu'],
  },
  {
    provider: 'GMX',
    imap: 'imap.gmx.net',
    smtp: 'mail.gmx.net',
    smtpPort: 465,
    domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch'],
  },
  {
    provider: 'GMX',
    imap: 'imap.gmx.com',
    smtp: 'mail.gmx.com',
    smtpPort: 587,
    domains: ['gmx.com', 'gmx.us', 'gmx.co.uk', 'gmx.fr'],
  },
];

function matches(domain: string, pattern: string): boolean {
  return pattern.startsWith('*.') ? domain.endsWith(pattern.slice(1)) : domain === pattern;
}

/** The provider's settings for `email`'s domain, or null when it is not one we know. */
export function presetForAddress(email: string): MailboxPreset | null {
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
  const found = providers.find((p) => p.domains.some((d) => matches(domain, d)));
  if (!found) return null;
  return {
    provider: found.provider,
    protocol: 'imaps',
    host: found.imap,
    port: 993,
    smtp: { host: found.smtp, port: found.smtpPort, security: found.smtpPort === 465 ? 'tls' : 'starttls' },
  };
}
