// What a rule is made of, validated the same way at every boundary (API, page, CLI) and again when
// stored rules are loaded for ingestion (a rule that no longer parses is skipped and flagged).
import { z } from 'zod';
import { CASE_STATUSES } from '@/lib/cases/case-status';
import { describePatternProblem } from './compile-rule-pattern';
import { CASE_PRIORITIES } from '@/lib/cases/case-status';

export const TEXT_FIELDS = ['from', 'from-domain', 'to-cc', 'subject', 'body', 'header'] as const;
export const TEXT_OPERATORS = ['equals', 'contains', 'not-contains', 'matches', 'is-empty'] as const;
export const MESSAGE_KINDS = ['normal', 'bounce', 'auto-reply', 'vacation', 'list', 'loop'] as const;
export const PRIORITIES = CASE_PRIORITIES;
/** Per rule: each condition may scan RULE_SCAN_LIMIT of the message. */
export const MAX_CONDITIONS = 10;
/** Per tenant (tenant-wide and mailbox rules together). */
export const MAX_RULES = 100;
/**
 * Per tenant: the compiled program sizes of all enabled regex conditions added up. Bounds the regex
 * work one message can cost (input × program size) however the patterns are spread over rules.
 */
export const MAX_PATTERN_BUDGET = 256;
export const MAX_ACTIONS = 20;
const MAX_VALUE = 1000;

export type TextField = (typeof TEXT_FIELDS)[number];
export type TextOperator = (typeof TEXT_OPERATORS)[number];

const textCondition = z
  .object({
    field: z.enum(TEXT_FIELDS),
    /** Header name, for field 'header'. */
    header: z
      .string()
      .trim()
      .max(100)
      .regex(/^[!-9;-~]+$/, 'A header name has no spaces or colons.')
      .transform((h) => h.toLowerCase())
      .optional(),
    operator: z.enum(TEXT_OPERATORS),
    value: z.string().max(MAX_VALUE, `A value may be at most ${MAX_VALUE} characters long.`).default(''),
  })
  .superRefine((c, ctx) => {
    if (c.field === 'header' && !c.header)
      ctx.addIssue({ code: 'custom', path: ['header'], message: 'Name the header to test (e.g. X-Priority).' });
    if (c.operator === 'is-empty') return;
    if (c.operator === 'matches') {
      const problem = describePatternProblem(c.value);
      if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
    } else if (c.value.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter the text to compare with.' });
    }
  });

const attachmentCondition = z.object({ field: z.literal('has-attachment'), value: z.boolean() });
const sizeCondition = z.object({
  field: z.literal('size'),
  operator: z.enum(['greater-than', 'less-than']),
  /** Bytes of the raw message. */
  value: z
    .number()
    .int()
    .min(0)
    .max(1024 * 1024 * 1024),
});
const kindCondition = z.object({
  field: z.literal('kind'),
  operator: z.enum(['equals', 'not-equals']),
  value: z.enum(MESSAGE_KINDS),
});

export const conditionSchema = z.discriminatedUnion('field', [
  textCondition,
  attachmentCondition,
  sizeCondition,
  kindCondition,
]);
export type RuleCondition = z.output<typeof conditionSchema>;

/** A case tag as rules, agents and the API write it (stored lower-case). */
export const caseTagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(50, 'A tag may be at most 50 characters long.')
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} ._\-/:]*$/u,
    'A tag starts with a letter or digit and holds letters, digits, spaces and . _ - / :',
  );

export const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ignore') }),
  z.object({ type: z.literal('assign'), userId: z.uuid('Choose a member.') }),
  z.object({ type: z.literal('set-status'), status: z.enum(CASE_STATUSES) }),
  z.object({ type: z.literal('set-priority'), priority: z.enum(PRIORITIES) }),
  z.object({ type: z.literal('add-tags'), tags: z.array(caseTagSchema).min(1, 'Enter at least one tag.').max(20) }),
  z.object({ type: z.literal('no-acknowledgement') }),
  /**
   * The tenant asks for acknowledgements on mail the allowed-senders list turned into a case although it
   * looked automatic (a web form sending with Auto-Submitted). Never for a vacation reply, a bounce, our
   * own mail, a mailing list's mail or a machine recipient (evaluate-inbound.ts).
   */
  z.object({ type: z.literal('acknowledge') }),
  /** Kept as ignored (kind 'spam'); `block` also adds the sender's address or domain to the blocked list. */
  z.object({ type: z.literal('mark-spam'), block: z.enum(['none', 'address', 'domain']).default('none') }),
  z.object({ type: z.literal('stop') }),
]);
export type RuleAction = z.output<typeof actionSchema>;

export const ruleInputSchema = z.object({
  name: z.string().trim().min(1, 'Give the rule a name.').max(100, 'A name may be at most 100 characters long.'),
  enabled: z.boolean().default(true),
  /** null: applies to every mailbox of the tenant (and runs before the mailbox's own rules). */
  mailboxId: z.uuid().nullable().default(null),
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(conditionSchema).min(1, 'Add at least one condition.').max(MAX_CONDITIONS),
  actions: z.array(actionSchema).min(1, 'Add at least one action.').max(MAX_ACTIONS),
});
export type RuleInput = z.input<typeof ruleInputSchema>;
export type ValidRule = z.output<typeof ruleInputSchema>;

export const ruleUpdateSchema = ruleInputSchema.partial().omit({ mailboxId: true });
