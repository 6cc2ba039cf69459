// A realistic mailbox for the ingest benchmark, the same for the same (n, seed): plain text, HTML
// alternatives, ~50 KB attachments, non-UTF-8 charsets, replies, and ~10 % auto-generated mail.
import { buildBounce, buildMail, prng } from '../tests/helpers/mail-builder';

const WORDS =
  'the order invoice account login password refund delivery package support help please thanks question problem update shipping address payment card error page browser mobile app since yesterday again urgent'.split(
    ' ',
  );

export function generateMailbox(n: number, seed: number, to: string, tag = 'b'): Buffer[] {
  const random = prng(seed);
  const sentence = (k: number) => Array.from({ length: k }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  const out: Buffer[] = [];
  const base = Date.UTC(2025, 0, 1);
  for (let i = 0; i < n; i++) {
    const r = random();
    const from = `Customer ${i % 997} <c${i % 997}@example.org>`;
    const messageId = `${tag}${seed}-${i}@example.org`;
    const date = new Date(base + i * 30_000);
    // The envelope of every customer message below (a bounce comes from the mail system instead).
    const head = { from, to, date, messageId };
    const subject = `${sentence(4)} #${i}`;
    const text = `Hello,\n\n${Array.from({ length: 8 + Math.floor(random() * 20) }, () => sentence(12)).join('.\n')}.\n\nRegards,\nCustomer ${i % 997}`;
    if (r < 0.05) {
      out.push(
        buildMail({
          ...head,
          subject: `Automatic reply: ${subject}`,
          text: 'I am out of the office.',
          headers: { 'Auto-Submitted': 'auto-replied' },
        }),
      );
    } else if (r < 0.1) {
      out.push(
        buildBounce({
          to,
          date,
          messageId,
          failedRecipient: `c${i % 997}@example.org`,
          originalMessageId: `out-${i}@caseflow.test`,
        }),
      );
    } else if (r < 0.2 && i > 10) {
      const parent = `${tag}${seed}-${Math.floor(random() * i)}@example.org`;
      out.push(
        buildMail({
          ...head,
          subject: `Re: ${subject}`,
          inReplyTo: parent,
          references: [parent],
          text,
        }),
      );
    } else if (r < 0.3) {
      const content = Buffer.alloc(50 * 1024);
      for (let j = 0; j < content.length; j++) content[j] = Math.floor(random() * 256);
      out.push(
        buildMail({
          ...head,
          subject,
          text,
          attachments: [{ filename: `scan-${i}.pdf`, contentType: 'application/pdf', content }],
        }),
      );
    } else if (r < 0.45) {
      out.push(
        buildMail({
          ...head,
          subject: `Größe und Qualität ${i}`,
          text: `Grüße aus Köln: ${text}`,
          charset: r < 0.38 ? 'iso-8859-1' : 'windows-1252',
          transferEncoding: r < 0.4 ? 'quoted-printable' : '8bit',
        }),
      );
    } else if (r < 0.75) {
      out.push(
        buildMail({
          ...head,
          subject,
          text,
          html: `<html><body><p>${text.replace(/\n/g, '<br>')}</p></body></html>`,
        }),
      );
    } else {
      out.push(buildMail({ ...head, subject, text }));
    }
  }
  return out;
}
