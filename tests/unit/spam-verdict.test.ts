// The receiving server's spam verdict headers, one format at a time, with and without thresholds.
import { describe, expect, it } from 'vitest';
import { spamVerdictFromHeaders, type SpamSettings } from '@/lib/mail/verify/spam-verdict';

const defaults: SpamSettings = { spamFilter: true, spamScoreThreshold: null, spamSclThreshold: 5 };
const mail = (headers: string) =>
  Buffer.from(`${headers}From: ann@example.test\r\nSubject: Hi\r\n\r\nbody mentions X-Spam-Flag: YES\r\n`);
const verdict = (headers: string, settings: Partial<SpamSettings> = {}) =>
  spamVerdictFromHeaders(mail(headers), { ...defaults, ...settings });

describe('spamVerdictFromHeaders', () => {
  it.each([
    ['X-Spam-Flag: YES\r\n', 'X-Spam-Flag'],
    ['X-Spam-Status: Yes, score=7.3 required=5.0 tests=BAYES_99\r\n autolearn=no\r\n', 'X-Spam-Status'],
    ['X-Rspamd-Action: add header\r\n', 'X-Rspamd-Action'],
    ['X-Rspamd-Action: reject\r\n', 'X-Rspamd-Action'],
    ['X-Spam: Yes\r\n', 'X-Spam'],
    ['X-MS-Exchange-Organization-SCL: 6\r\n', 'X-MS-Exchange-Organization-SCL'],
    [
      'X-Forefront-Antispam-Report: CIP:192.0.2.1;CTRY:;LANG:en;SCL:1;SRV:;IPV:NLI;SFV:SPM;H:mx;PTR:;CAT:SPM;\r\n',
      'X-Forefront-Antispam-Report',
    ],
    ['X-Forefront-Antispam-Report: CIP:192.0.2.1;SCL:7;SFV:NSPM;\r\n', 'X-Forefront-Antispam-Report'],
  ])('%s is spam, decided by %s', (headers, source) => {
    expect(verdict(headers)).toMatchObject({ spam: true, source });
  });

  it.each([
    'X-Spam-Flag: NO\r\n',
    'X-Spam-Status: No, score=1.2 required=5.0\r\n',
    'X-Rspamd-Action: no action\r\n',
    'X-Rspamd-Action: greylist\r\n',
    'X-MS-Exchange-Organization-SCL: 1\r\n',
    'X-MS-Exchange-Organization-SCL: -1\r\n',
    'X-Forefront-Antispam-Report: CIP:192.0.2.1;SCL:1;SFV:NSPM;\r\n',
    '',
  ])('%s is not spam (and the body never counts)', (headers) => {
    expect(verdict(headers)).toBeNull();
  });

  it('only the topmost instance counts: a sender’s own "YES" below the server’s "NO" does not', () => {
    expect(verdict('X-Spam-Flag: NO\r\nX-Spam-Flag: YES\r\n')).toBeNull();
  });

  it('a score threshold decides by the score when there is one, else the verdict counts', () => {
    const status = 'X-Spam-Status: Yes, score=7.3 required=5.0\r\n';
    expect(verdict(status, { spamScoreThreshold: 8 })).toMatchObject({ spam: false, score: 7.3 });
    expect(verdict(status, { spamScoreThreshold: 7 })).toMatchObject({ spam: true, source: 'X-Spam-Status' });
    expect(verdict('X-Spamd-Result: default: False [6.10 / 15.00];\r\n', { spamScoreThreshold: 6 })).toMatchObject({
      spam: true,
      source: 'X-Spamd-Result',
      score: 6.1,
    });
    expect(verdict('X-Spam-Flag: YES\r\n', { spamScoreThreshold: 100 })).toMatchObject({ spam: true });
  });

  it('the SCL threshold is the mailbox’s', () => {
    expect(verdict('X-MS-Exchange-Organization-SCL: 6\r\n', { spamSclThreshold: 7 })).toBeNull();
    expect(verdict('X-MS-Exchange-Organization-SCL: 4\r\n', { spamSclThreshold: 4 })).toMatchObject({ spam: true });
  });

  it('a mailbox with the spam filter off gets no verdict', () => {
    expect(verdict('X-Spam-Flag: YES\r\n', { spamFilter: false })).toBeNull();
  });
});
