// The acknowledgement's subject and text from the mailbox's template. Plain text only: placeholder
// values (subject, names from a stranger's mail) are inserted as text and never interpreted.
//
// Placeholders: {{case.number}}, {{case.subject}}, {{requester.name}} (the requester's name, or
// their address when the mail gave no name); spaces inside the braces are allowed. Anything else in
// braces is left as written.
import { formatCaseSubject } from '@/lib/mail/case-token';

export const DEFAULT_ACK_TEMPLATE = `Hello {{requester.name}},

Thank you for your message. We have received it and opened case #{{case.number}}: "{{case.subject}}".
We will get back to you as soon as we can.

If you write to us about this again, please reply to this email (or keep [Case #{{case.number}}] in the subject) so that it joins the same case.

This is an automatic reply.
`;

export type AckTemplateInput = {
  template: string | null | undefined;
  caseNumber: number;
  caseSubject: string;
  requesterName: string | null;
  requesterEmail: string;
};

const PLACEHOLDER = /\{\{\s*(case\.number|case\.subject|requester\.name)\s*\}\}/g;

export function renderAcknowledgement(input: AckTemplateInput): { subject: string; text: string } {
  const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();
  const values: Record<string, string> = {
    'case.number': String(input.caseNumber),
    'case.subject': oneLine(input.caseSubject),
    'requester.name': oneLine(input.requesterName || '') || input.requesterEmail,
  };
  const template = input.template?.trim() ? input.template : DEFAULT_ACK_TEMPLATE;
  return {
    subject: formatCaseSubject(input.caseNumber, input.caseSubject),
    text: template.replace(PLACEHOLDER, (_, key: string) => values[key]),
  };
}
