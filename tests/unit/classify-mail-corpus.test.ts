// The generated mail corpus (tests/fixtures/mail/corpus) through parse + classify alone: every
// message gets its expected verdict and kind, and every bounce its recipients, status, diagnostic and
// our original Message-ID. The same corpus runs end to end through Dovecot in
// tests/integration/sync-mail-corpus.test.ts.
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '@/lib/mail/classify';
import { parseMessage } from '@/lib/mail/parse';
import { buildCorpus, type CorpusMessage } from '../fixtures/mail/corpus';

const corpus = buildCorpus();
const ctx = { ownAddresses: ['support@acme.test'] };

/** What went wrong with one message, or null. */
async function check(m: CorpusMessage): Promise<string | null> {
  const parsed = await parseMessage(m.raw);
  if (!parsed.ok) return `${m.name}: did not parse (${parsed.reason})`;
  const c = classifyMessage(parsed.message, ctx);
  const problems: string[] = [];
  if (c.verdict !== m.expected.verdict || c.kind !== m.expected.kind)
    problems.push(`${c.verdict}/${c.kind} by ${c.reason}, want ${m.expected.verdict}/${m.expected.kind}`);
  const want = m.expected.bounce;
  if (want) {
    const got = want.delayed ? c.delayedRecipients : c.failedRecipients;
    if (JSON.stringify(got) !== JSON.stringify(want.recipients)) problems.push(`recipients ${JSON.stringify(got)}`);
    if (c.deliveryAction !== (want.delayed ? 'delayed' : 'failed')) problems.push(`action ${c.deliveryAction}`);
    if (want.status && c.bounceStatus !== want.status) problems.push(`status ${c.bounceStatus}`);
    if (want.diagnostic && !c.bounceDiagnostic?.includes(want.diagnostic))
      problems.push(`diagnostic ${c.bounceDiagnostic}`);
    if (!c.referencedMessageIds?.includes(want.originalMessageId)) problems.push(`ids ${c.referencedMessageIds}`);
  }
  return problems.length ? `${m.name}: ${problems.join('; ')}` : null;
}

describe('generated mail corpus, classifier alone', () => {
  it('has at least 300 machine messages from at least 60 sources and 150 people', () => {
    const machine = corpus.filter((m) => m.expected.verdict === 'auto-generated');
    const servers = new Set(machine.map((m) => m.source.replace(/-(delay|en|de|fr|es|it|nl|pt|ja)$/, '')));
    expect(machine.length).toBeGreaterThanOrEqual(300);
    expect(servers.size).toBeGreaterThanOrEqual(60);
    expect(corpus.length - machine.length).toBeGreaterThanOrEqual(150);
    expect(new Set(corpus.map((m) => m.name)).size).toBe(corpus.length);
  });

  it('every message gets its verdict and kind, every bounce its details (100 %)', { timeout: 60_000 }, async () => {
    // One at a time: each parse runs under its own time budget, which concurrent parses would share.
    const failures: string[] = [];
    for (const m of corpus) {
      const problem = await check(m);
      if (problem) failures.push(problem);
    }
    expect(failures).toEqual([]);
  });

  it('CRLF and LF copies of every third message get the same outcome', { timeout: 60_000 }, async () => {
    const outcome = async (raw: Buffer) => {
      const parsed = await parseMessage(raw);
      if (!parsed.ok) return parsed.reason;
      const c = classifyMessage(parsed.message, ctx);
      return `${c.verdict}/${c.kind}/${c.reason}/${(c.failedRecipients ?? []).join(',')}`;
    };
    for (const m of corpus.filter((_, i) => i % 3 === 0)) {
      const lf = Buffer.from(m.raw.toString('utf8').replace(/\r\n/g, '\n'), 'utf8');
      expect(await outcome(lf), m.name).toBe(await outcome(m.raw));
    }
  });

  // The shapes real mail showed us that used to open cases, each by its corpus name.
  it.each([
    ['an empty address named MAILER-DAEMON (DragonFly)', 'bounce/dragonfly-1.eml', 'bounce'],
    ['an Amazon SES bounce delivered as SNS JSON', 'bounce/ses-sns-bounce-0.eml', 'bounce'],
    ['an Amazon SES complaint delivered as SNS JSON', 'auto/ses-sns-complaint-0.eml', 'auto-reply'],
    ['an Outlook.com junk complaint in multipart/mixed', 'auto/outlook-com-complaint-0.eml', 'auto-reply'],
    ['a post_master@ SMS-gateway error with a Re: subject', 'bounce/sms-verizon-0.eml', 'bounce'],
    ['an SMS-gateway "Error: Invalid user address" from an ordinary address', 'bounce/sms-tmobile-0.eml', 'bounce'],
    ['a list manager "Loop Alert" with X-ML-Name and no List-Id', 'auto/fml-0.eml', 'list'],
    ['a list notice with only List-Subscribe', 'auto/list-subscribe-only-0.eml', 'list'],
    ['a list notice with only Mailing-List', 'auto/ezmlm-0.eml', 'list'],
    ['a DSN inside multipart/mixed with a neutral sender and subject', 'bounce/gateway-dsn-in-mixed-1.eml', 'bounce'],
    ['a Japanese carrier error notice from no-reply@', 'bounce/docomo-0.eml', 'bounce'],
    ['an iCloud vacation with X-Apple-Action and no Auto-Submitted', 'auto/icloud-vacation-0.eml', 'vacation'],
    [
      'a service desk acknowledgement with only X-Auto-Response-Suppress: All',
      'auto/helpdesk-xars-0.eml',
      'auto-reply',
    ],
    ['a person forwarding a bounce ("Fwd: Returned mail")', 'person/forwards-bounce-attached-0.eml', 'normal'],
    ['a person forwarding a bounce ("Begin forwarded message")', 'person/forwards-bounce-apple-0.eml', 'normal'],
  ])('%s: %s is %s', async (_shape, name, kind) => {
    const m = corpus.find((c) => c.name === name);
    expect(m, name).toBeDefined();
    expect(m!.expected.kind).toBe(kind);
    expect(await check(m!)).toBeNull();
  });
});
