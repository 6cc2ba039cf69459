// A canned reply's placeholders filled in for one case: {{requester.name}}, {{requester.first_name}},
// {{requester.email}}, {{case.number}}, {{case.subject}}, {{agent.name}}. Plain text in, plain text out
// (replies are sent as text); an unknown placeholder stays as written so a typo shows.
export type CannedContext = {
  requester: { name: string | null; email: string };
  caseNumber: number;
  subject: string;
  agentName: string;
};

export const CANNED_PLACEHOLDERS = [
  'requester.name',
  'requester.first_name',
  'requester.email',
  'case.number',
  'case.subject',
  'agent.name',
] as const;

/** `extra`: more placeholders for this use (the reply template's {{reply}} and {{mailbox.name}}). */
export function renderCannedReply(body: string, ctx: CannedContext, extra: Record<string, string> = {}): string {
  const name = ctx.requester.name?.trim() || '';
  const values: Record<string, string> = {
    'requester.name': name || 'there',
    'requester.first_name': name.split(/\s+/)[0] || 'there',
    'requester.email': ctx.requester.email,
    'case.number': String(ctx.caseNumber),
    'case.subject': ctx.subject,
    'agent.name': ctx.agentName,
    ...extra,
  };
  return body.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? values[key] : whole,
  );
}
