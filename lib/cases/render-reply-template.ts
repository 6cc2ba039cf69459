// A mailbox's reply template: wraps an agent's reply when it is queued (queue-reply.ts), so the email
// and the case history say the same thing. `{{reply}}` is where the agent's text goes (with their
// signature, as without a template); around it the greeting and sign-off, with the canned replies'
// placeholders (lib/workspace/render-canned-reply.ts: {{requester.name}}, {{requester.first_name}},
// {{requester.email}}, {{case.number}}, {{case.subject}}, {{agent.name}}) and {{mailbox.name}}.
// One pass over the template: text inside the reply or a value is never read as a placeholder.
import { CANNED_PLACEHOLDERS, renderCannedReply, type CannedContext } from '@/lib/workspace/render-canned-reply';

export const REPLY_TEMPLATE_MAX = 20_000;
export const REPLY_PLACEHOLDERS = ['reply', ...CANNED_PLACEHOLDERS, 'mailbox.name'] as const;

export const DEFAULT_REPLY_TEMPLATE = `Hello {{requester.first_name}},

{{reply}}

Kind regards,
{{agent.name}}
{{mailbox.name}}`;

const REPLY_SLOT = /\{\{\s*reply\s*\}\}/g;

/** What is wrong with a template, or null: it needs exactly one {{reply}}. */
export function replyTemplateProblem(template: string): string | null {
  const slots = template.match(REPLY_SLOT)?.length ?? 0;
  if (slots === 0) return 'The reply template needs {{reply}} where the agent’s text goes.';
  if (slots > 1) return 'The reply template has {{reply}} more than once: keep one.';
  return null;
}

export type ReplyTemplateContext = CannedContext & { reply: string; mailboxName: string };

export function renderReplyTemplate(template: string, ctx: ReplyTemplateContext): string {
  return renderCannedReply(template, ctx, { reply: ctx.reply.trimEnd(), 'mailbox.name': ctx.mailboxName });
}
