// What the signed-out forms that answer by mail (sign-up with a confirmation link, password reset) are given
// besides the form: the site's origin for the link, the clock, the mail sender (tests collect the mail
// instead) and the client's address for the per-address throttle (address-throttle.ts).
import type { SystemMail } from '@/lib/mail/send/send-system-mail';

export type MailingFormOptions = {
  origin: string;
  now?: Date;
  send?: (m: SystemMail) => void;
  clientAddress?: string | null;
};
