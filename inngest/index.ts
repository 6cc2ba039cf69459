// Every Inngest function Caseflow serves (app/api/inngest/route.ts).
import { deliverWebhookFunction } from './functions/deliver-webhook';
import { dispatchOutbox } from './functions/dispatch-outbox';
import { pollMailboxes } from './functions/poll-mailboxes';
import { processOutboxEventFunction } from './functions/process-outbox-event';
import { runPeriodicTasks } from './functions/run-periodic-tasks';
import { sendAcknowledgementFunction } from './functions/send-acknowledgement';
import { syncMailboxFunction } from './functions/sync-mailbox';

export const functions = [
  pollMailboxes,
  syncMailboxFunction,
  dispatchOutbox,
  processOutboxEventFunction,
  sendAcknowledgementFunction,
  deliverWebhookFunction,
  runPeriodicTasks,
];
