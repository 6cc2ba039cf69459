// A message that must open a case, as most tests about what happens to a case start: built from `spec`
// (addressed to the mailbox unless `spec.to` says otherwise), received as a sync stores it, and refused with the
// outcome when it did anything but open a new case.
import { buildMail, type MailSpec } from './mail-builder';
import type { TestMailbox } from './mailbox-fixture';
import { receiveMail, type Received } from './receive-mail';

export type ReceivedCase = Extract<Received, { outcome: 'created' }>;

export async function receiveNewCase(
  tenantId: string,
  mailbox: TestMailbox,
  spec: Omit<MailSpec, 'to'> & { to?: MailSpec['to'] },
  opts?: Parameters<typeof receiveMail>[3],
): Promise<ReceivedCase> {
  const r = await receiveMail(tenantId, mailbox, buildMail({ to: mailbox.email, ...spec }), opts);
  if (r.outcome !== 'created') throw new Error(`expected a new case, got ${JSON.stringify(r)}`);
  return r;
}
