// A message built from `spec` (addressed to the mailbox unless `spec.to` says otherwise) and received as a sync
// stores it: how most tests about what happens after ingestion bring mail in. `receiveNewCase` is for the many
// that start from a new case: it refuses, with the outcome, a message that did anything but open one.
import { buildMail, type MailSpec } from './mail-builder';
import type { TestMailbox } from './mailbox-fixture';
import { receiveMail, type Received } from './receive-mail';

export type MailToMailbox = Omit<MailSpec, 'to'> & { to?: MailSpec['to'] };
export type ReceivedCase = Extract<Received, { outcome: 'created' }>;

export function receiveBuiltMail(
  tenantId: string,
  mailbox: TestMailbox,
  spec: MailToMailbox,
  opts?: Parameters<typeof receiveMail>[3],
): Promise<Received> {
  return receiveMail(tenantId, mailbox, buildMail({ to: mailbox.email, ...spec }), opts);
}

export async function receiveNewCase(
  tenantId: string,
  mailbox: TestMailbox,
  spec: MailToMailbox,
  opts?: Parameters<typeof receiveMail>[3],
): Promise<ReceivedCase> {
  const r = await receiveBuiltMail(tenantId, mailbox, spec, opts);
  if (r.outcome !== 'created') throw new Error(`expected a new case, got ${JSON.stringify(r)}`);
  return r;
}
