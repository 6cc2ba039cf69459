// The pure rule engine: sender-list precedence, condition semantics, ordering, stop, ignore.
import { describe, expect, it } from 'vitest';
import type { Classification, ParsedMessage } from '@/lib/mail/types';
import { describePatternProblem } from '@/lib/rules/compile-rule-pattern';
import { evaluateInbound } from '@/lib/rules/evaluate-inbound';
import { toLoadedRule, type RuleSet } from '@/lib/rules/load-rule-set';
import { matchSenderList } from '@/lib/rules/sender-pattern';
import { parsedMessage } from '../helpers/parsed-message';

const normal: Classification = { verdict: 'normal', kind: 'normal', reason: 'normal' };
const bulk: Classification = { verdict: 'auto-generated', kind: 'list', reason: 'header:precedence=bulk' };

function msg(over: Partial<ParsedMessage> = {}): ParsedMessage {
  return parsedMessage({ from: { address: 'ann@shop.example' }, partTypes: [], size: 500, text: 'Body text', ...over });
}

let n = 0;
function set(
  rules: {
    name: string;
    conditions: unknown[];
    actions: unknown[];
    match?: 'all' | 'any';
    mailboxId?: string | null;
  }[],
  lists: { blocked?: string[]; allowed?: string[] } = {},
): RuleSet {
  const now = new Date();
  const loaded = rules.map((r) =>
    toLoadedRule({
      id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
      tenantId: 't',
      mailboxId: r.mailboxId ?? null,
      name: r.name,
      enabled: true,
      position: 0,
      match: r.match ?? 'all',
      conditions: r.conditions,
      actions: r.actions,
      createdAt: now,
      updatedAt: now,
    }),
  );
  return {
    tenantId: 't',
    mailboxId: 'm',
    rules: loaded,
    blocked: new Set(lists.blocked),
    allowed: new Set(lists.allowed),
    members: new Map([['11111111-1111-4111-8111-111111111111', 'agent@acme.test']]),
  };
}

describe('sender lists', () => {
  it('an address entry beats a domain entry, the nearest domain beats its parent, blocked beats allowed at the same level', () => {
    const lists = {
      blocked: new Set(['spam.example', 'x@ok.example', 'both.example']),
      allowed: new Set(['good@spam.example', 'ok.example', 'mail.spam.example', 'both.example']),
    };
    expect(matchSenderList(lists, 'bad@spam.example')).toEqual({ kind: 'blocked', pattern: 'spam.example' });
    expect(matchSenderList(lists, 'Good@Spam.Example')).toEqual({ kind: 'allowed', pattern: 'good@spam.example' });
    expect(matchSenderList(lists, 'a@mail.spam.example')).toEqual({ kind: 'allowed', pattern: 'mail.spam.example' });
    expect(matchSenderList(lists, 'a@deep.other.spam.example')).toEqual({ kind: 'blocked', pattern: 'spam.example' });
    expect(matchSenderList(lists, 'x@ok.example')).toEqual({ kind: 'blocked', pattern: 'x@ok.example' });
    expect(matchSenderList(lists, 'a@both.example')).toEqual({ kind: 'blocked', pattern: 'both.example' });
    expect(matchSenderList(lists, 'a@notspam.example')).toBeNull();
    expect(matchSenderList(lists, undefined)).toBeNull();
  });

  it('an allowed sender overrides header heuristics but not a loop or a bounce', () => {
    const s = set([], { allowed: ['shop.example'] });
    expect(evaluateInbound(s, msg(), bulk).classification).toMatchObject({
      verdict: 'normal',
      reason: 'allowed-sender:shop.example',
    });
    expect(evaluateInbound(s, msg(), bulk).acknowledge).toBe(false);
    expect(
      evaluateInbound(s, msg(), { verdict: 'auto-generated', kind: 'loop', reason: 'loop:own-header' }).classification
        .verdict,
    ).toBe('auto-generated');
    expect(
      evaluateInbound(s, msg(), { verdict: 'auto-generated', kind: 'bounce', reason: 'report:delivery-status' })
        .classification.verdict,
    ).toBe('auto-generated');
  });
});

describe('conditions', () => {
  const run = (conditions: unknown[], m = msg(), match: 'all' | 'any' = 'all') =>
    evaluateInbound(set([{ name: 'r', conditions, actions: [{ type: 'add-tags', tags: ['hit'] }], match }]), m, normal)
      .changes.tags.length === 1;

  it('text operators are case-insensitive; does-not-contain needs every value to lack the text; is-empty', () => {
    expect(run([{ field: 'subject', operator: 'equals', value: ' hello ' }])).toBe(true);
    expect(run([{ field: 'to-cc', operator: 'contains', value: 'SUPPORT@' }])).toBe(true);
    expect(
      run(
        [{ field: 'to-cc', operator: 'not-contains', value: 'support@' }],
        msg({ cc: [{ address: 'other@x.example' }] }),
      ),
    ).toBe(false);
    expect(run([{ field: 'header', header: 'X-Priority', operator: 'is-empty' }])).toBe(true);
    expect(
      run(
        [{ field: 'header', header: 'X-Priority', operator: 'equals', value: '1' }],
        msg({ headers: new Map([['x-priority', ['1']]]) }),
      ),
    ).toBe(true);
    expect(run([{ field: 'subject', operator: 'is-empty' }], msg({ subject: '(no subject)' }))).toBe(true);
    expect(run([{ field: 'from-domain', operator: 'equals', value: 'shop.example' }])).toBe(true);
  });

  it('regex, attachment, size and kind conditions; all vs any', () => {
    expect(run([{ field: 'body', operator: 'matches', value: '^body\\s+TEXT$' }])).toBe(true);
    expect(run([{ field: 'has-attachment', value: true }])).toBe(false);
    expect(
      run(
        [{ field: 'has-attachment', value: true }],
        msg({
          attachments: [
            {
              filename: 'a.pdf',
              contentType: 'application/pdf',
              size: 1,
              sha256: 'x',
              content: Buffer.from('x'),
              inline: false,
            },
          ],
        }),
      ),
    ).toBe(true);
    expect(run([{ field: 'size', operator: 'greater-than', value: 499 }])).toBe(true);
    expect(run([{ field: 'kind', operator: 'equals', value: 'normal' }])).toBe(true);
    // One condition of two holds: enough for "any", not for "all".
    const oneOfTwo = [
      { field: 'subject', operator: 'contains', value: 'nope' },
      { field: 'from', operator: 'contains', value: 'ann' },
    ];
    expect(run(oneOfTwo, msg(), 'any')).toBe(true);
    expect(run(oneOfTwo, msg(), 'all')).toBe(false);
  });

  it('a regex RE2 cannot express is explained; a catastrophic-backtracking one is accepted (RE2 runs it in linear time)', () => {
    expect(describePatternProblem('(?=x)')).toMatch(/Look-around/);
    expect(describePatternProblem('(a+)+$')).toBeNull();
    expect(describePatternProblem('')).toMatch(/Enter a regular expression/);
  });
});

describe('order and actions', () => {
  it('later rules win for priority, tags add up, stop ends processing, ignore wins and names the rule', () => {
    const s = set([
      {
        name: 'one',
        conditions: [{ field: 'subject', operator: 'contains', value: 'hello' }],
        actions: [
          { type: 'set-priority', priority: 'high' },
          { type: 'add-tags', tags: ['a'] },
        ],
      },
      {
        name: 'two',
        conditions: [{ field: 'subject', operator: 'contains', value: 'hello' }],
        actions: [{ type: 'set-priority', priority: 'low' }, { type: 'add-tags', tags: ['b', 'a'] }, { type: 'stop' }],
      },
      {
        name: 'three',
        conditions: [{ field: 'subject', operator: 'contains', value: 'hello' }],
        actions: [{ type: 'ignore' }],
      },
    ]);
    const d = evaluateInbound(s, msg(), normal);
    expect(d.changes.priority).toEqual({ value: 'low', rule: 'two' });
    expect(d.changes.tags.map((t) => t.tag)).toEqual(['a', 'b']);
    expect(d.ignore).toBeNull();
    expect(d.rules.map((r) => [r.name, r.matched, r.skipped ?? null])).toEqual([
      ['one', true, null],
      ['two', true, null],
      ['three', null, 'stopped'],
    ]);
    const ignoring = set([
      {
        name: 'Mute',
        conditions: [{ field: 'from', operator: 'contains', value: 'ann' }],
        actions: [{ type: 'ignore' }, { type: 'set-priority', priority: 'urgent' }],
      },
    ]);
    const ignored = evaluateInbound(ignoring, msg(), normal);
    expect(ignored.ignore).toEqual({ kind: 'rule', reason: 'rule:Mute', ruleName: 'Mute' });
    expect(ignored.changes.priority).toBeUndefined();
  });

  it('an assignee outside the tenant is skipped and flagged; a stored rule that no longer validates is skipped and flagged', () => {
    const s = set([
      {
        name: 'gone',
        conditions: [{ field: 'from', operator: 'contains', value: 'ann' }],
        actions: [{ type: 'assign', userId: '22222222-2222-4222-8222-222222222222' }],
      },
      { name: 'broken', conditions: [{ field: 'nonsense' }], actions: [{ type: 'ignore' }] },
      {
        name: 'here',
        conditions: [{ field: 'from', operator: 'contains', value: 'ann' }],
        actions: [{ type: 'assign', userId: '11111111-1111-4111-8111-111111111111' }],
      },
    ]);
    const d = evaluateInbound(s, msg(), normal);
    expect(d.changes.assignee).toEqual({
      userId: '11111111-1111-4111-8111-111111111111',
      email: 'agent@acme.test',
      rule: 'here',
    });
    expect(d.flags.map((f) => f.ruleName)).toEqual(['gone', 'broken']);
    expect(d.ignore).toBeNull();
  });

  it('blocked senders are ignored before any rule runs; auto-generated mail skips the rules', () => {
    const s = set(
      [
        {
          name: 'tag',
          conditions: [{ field: 'from', operator: 'contains', value: '@' }],
          actions: [{ type: 'add-tags', tags: ['x'] }],
        },
      ],
      { blocked: ['ann@shop.example'] },
    );
    expect(evaluateInbound(s, msg(), normal)).toMatchObject({
      ignore: { kind: 'blocked', reason: 'blocked-sender' },
      rulesRan: false,
    });
    const t = set([
      {
        name: 'tag',
        conditions: [{ field: 'from', operator: 'contains', value: '@' }],
        actions: [{ type: 'add-tags', tags: ['x'] }],
      },
    ]);
    expect(evaluateInbound(t, msg(), bulk)).toMatchObject({ ignore: null, rulesRan: false, changes: { tags: [] } });
  });
});
