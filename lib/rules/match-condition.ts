// One condition against one message. Text comparisons are case-insensitive; a field with several
// values (To/Cc recipients, a repeated header) matches when any value does, and "does not contain"
// holds only when no value contains the text.
import type { Classification, ParsedMessage } from '@/lib/mail/types';
import type { RulePattern } from './compile-rule-pattern';
import type { RuleCondition, TextField } from './rule-schema';

/**
 * Text one condition scans, at most (body, or all values of a header together): RE2 is linear, but
 * its cost is input length × program size, and the rules run once per message for every tenant.
 */
export const RULE_SCAN_LIMIT = 64 * 1024;

export type MatchInput = { message: ParsedMessage; classification: Classification };

function domainOf(address: string | undefined): string {
  if (!address) return '';
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

function bodyText(m: ParsedMessage): string {
  if (m.text) return m.text.slice(0, RULE_SCAN_LIMIT);
  // HTML-only mail: drop the tags (a linear scan) so rules see the words, not the markup.
  return (m.html ?? '')
    .slice(0, 4 * RULE_SCAN_LIMIT)
    .replace(/<[^>]*>/g, ' ')
    .slice(0, RULE_SCAN_LIMIT);
}

export function fieldValues(field: TextField, m: ParsedMessage, header?: string): string[] {
  return withinScanLimit(allFieldValues(field, m, header));
}

/** The values in order, cut so that together they hold at most RULE_SCAN_LIMIT characters. */
function withinScanLimit(values: string[]): string[] {
  let left = RULE_SCAN_LIMIT;
  const out: string[] = [];
  for (const v of values) {
    if (left <= 0) break;
    out.push(v.length > left ? v.slice(0, left) : v);
    left -= v.length;
  }
  return out;
}

function allFieldValues(field: TextField, m: ParsedMessage, header?: string): string[] {
  switch (field) {
    case 'from':
      return m.from?.address ? [m.from.address.toLowerCase()] : [];
    case 'from-domain':
      return m.from?.address ? [domainOf(m.from.address)] : [];
    case 'to-cc':
      return [...m.to, ...m.cc].map((a) => a.address.toLowerCase()).filter(Boolean);
    case 'subject':
      return m.subject === '(no subject)' ? [] : [m.subject];
    case 'body':
      return [bodyText(m)].filter((t) => t.trim() !== '');
    case 'header':
      return header ? (m.headers.get(header.toLowerCase()) ?? []) : [];
  }
}

export function matchCondition(c: RuleCondition, input: MatchInput, pattern?: RulePattern): boolean {
  const { message, classification } = input;
  switch (c.field) {
    case 'has-attachment':
      return message.attachments.some((a) => !a.inline) === c.value;
    case 'size':
      return c.operator === 'greater-than' ? message.size > c.value : message.size < c.value;
    case 'kind':
      return (classification.kind === c.value) === (c.operator === 'equals');
    default: {
      const values = fieldValues(c.field, message, c.header);
      const needle = c.value.trim().toLowerCase();
      switch (c.operator) {
        case 'is-empty':
          return values.every((v) => v.trim() === '');
        case 'equals':
          return values.some((v) => v.trim().toLowerCase() === needle);
        case 'contains':
          return values.some((v) => v.toLowerCase().includes(needle));
        case 'not-contains':
          return !values.some((v) => v.toLowerCase().includes(needle));
        case 'matches':
          // Trimmed, so `$` means the end of the words (a body's trailing newline is not content).
          return pattern ? values.some((v) => pattern.test(v.trim())) : false;
      }
    }
  }
}
