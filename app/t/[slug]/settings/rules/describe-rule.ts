// Conditions and actions in words, for the rule list and the simulator.
import type { RuleAction, RuleCondition } from '@/lib/rules/rule-schema';

export const fieldLabels: Record<RuleCondition['field'], string> = {
  from: 'From address',
  'from-domain': 'From domain',
  'to-cc': 'To or Cc',
  subject: 'Subject',
  body: 'Body text',
  header: 'Header',
  'has-attachment': 'Has an attachment',
  size: 'Size',
  kind: 'Auto-generated kind',
};

export const operatorLabels: Record<string, string> = {
  equals: 'equals',
  contains: 'contains',
  'not-contains': 'does not contain',
  matches: 'matches regex',
  'is-empty': 'is empty',
  'greater-than': 'is larger than',
  'less-than': 'is smaller than',
  'not-equals': 'is not',
};

export function describeCondition(c: RuleCondition): string {
  switch (c.field) {
    case 'has-attachment':
      return c.value ? 'has an attachment' : 'has no attachment';
    case 'size':
      return `size ${operatorLabels[c.operator]} ${Math.round(c.value / 1024)} KB`;
    case 'kind':
      return `kind ${c.operator === 'equals' ? 'is' : 'is not'} ${c.value}`;
    default: {
      const field = c.field === 'header' ? `header ${c.header}` : fieldLabels[c.field].toLowerCase();
      return c.operator === 'is-empty' ? `${field} is empty` : `${field} ${operatorLabels[c.operator]} “${c.value}”`;
    }
  }
}

export function describeAction(a: RuleAction, memberEmail: (id: string) => string | undefined): string {
  switch (a.type) {
    case 'ignore':
      return 'ignore';
    case 'assign':
      return `assign to ${memberEmail(a.userId) ?? 'a former member'}`;
    case 'set-status':
      return `set status ${a.status}`;
    case 'set-priority':
      return `set priority ${a.priority}`;
    case 'add-tags':
      return `add tags ${a.tags.join(', ')}`;
    case 'no-acknowledgement':
      return 'do not acknowledge';
    case 'acknowledge':
      return 'acknowledge even if it looks automatic';
    case 'mark-spam':
      return a.block === 'none' ? 'mark as spam' : `mark as spam and block the sender’s ${a.block}`;
    case 'stop':
      return 'stop processing';
  }
}
