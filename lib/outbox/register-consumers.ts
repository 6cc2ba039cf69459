// The list of outbox consumers, one import each (acknowledgements, webhooks, …).
import '@/lib/acknowledgements/acknowledgement-consumer';
import '@/lib/webhooks/webhook-consumer';
import '@/lib/cases/reply-consumer';
import '@/lib/notifications/notification-consumer';
import '@/lib/contacts/sender-confirmation-consumer';
export {};
