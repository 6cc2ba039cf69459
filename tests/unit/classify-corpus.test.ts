// Every message in tests/fixtures/mail is classified as expected.json says. `reason` there is a
// prefix of the reason the classifier must give.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyMessage } from '@/lib/mail/classify';
import { parseMessage } from '@/lib/mail/parse';

const root = path.resolve(__dirname, '../fixtures/mail');
type Expected = { verdict: 'auto-generated' | 'normal'; kind: string; reason?: string };
const expected = JSON.parse(readFileSync(path.join(root, 'expected.json'), 'utf8')) as Record<string, Expected>;
const files = ['auto', 'normal'].flatMap((dir) =>
  readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.eml'))
    .map((f) => `${dir}/${f}`),
);

// How the sync engine would call it for the mailbox support@acme.test.
const ctx = {
  ownAddresses: ['support@acme.test'],
  isOwnMessageId: (id: string) => /^cf\.\d+\.[0-9a-f]{16}\.[0-9a-f]{24}@acme\.test$/.test(id),
};

describe('fixture corpus', () => {
  it('has at least 45 auto-generated and 30 normal messages, each with an expectation', () => {
    expect(files.filter((f) => f.startsWith('auto/')).length).toBeGreaterThanOrEqual(45);
    expect(files.filter((f) => f.startsWith('normal/')).length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(expected).sort()).toEqual([...files].sort());
  });

  it.each(files)('%s is classified as expected', async (file) => {
    const want = expected[file];
    const parsed = await parseMessage(readFileSync(path.join(root, file)));
    if (!parsed.ok) throw new Error(`${file} did not parse: ${parsed.reason}`);
    const got = classifyMessage(parsed.message, ctx);
    expect({ verdict: got.verdict, kind: got.kind }).toEqual({ verdict: want.verdict, kind: want.kind });
    expect(want.verdict === 'auto-generated' ? 'auto/' : 'normal/').toBe(file.slice(0, file.indexOf('/') + 1));
    if (want.reason)
      expect(got.reason.startsWith(want.reason), `reason ${got.reason} should start with ${want.reason}`).toBe(true);
    if (want.verdict === 'normal') expect(got.reason).toBe('normal');
  });
});
