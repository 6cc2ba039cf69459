// A mailbox's attachments policy: at most `maxCount` attachments and `maxBytes` in all per incoming
// message (null: no limit, the default — today's behaviour; the message size limit still bounds them).
// Over the limit, either
//   strip → the case (or the reply on it) is kept without those attachments, with a note that says what
//           was moved out; the raw message keeps them ("View original" downloads it), or
//   hold  → the message waits in the review queue as 'attachments-over-limit'; an agent's release
//           stores it whole.
// Inline images (cid: parts the HTML shows) are part of the body, not attachments: they are not
// counted and never moved out. Counting sizes is no content work: the reading (in the worker pool)
// measured every part already.
import type { mailboxes } from '@/db/schema';
import type { ParsedAttachment } from '@/lib/mail/types';

export type AttachmentPolicy = {
  maxCount: number | null;
  maxBytes: number | null;
  overLimit: 'strip' | 'hold';
};

export const ATTACHMENTS_OVER_LIMIT = 'attachments-over-limit';

export const NO_ATTACHMENT_LIMITS: AttachmentPolicy = { maxCount: null, maxBytes: null, overLimit: 'strip' };

export function attachmentPolicyOf(
  row: Pick<typeof mailboxes.$inferSelect, 'attachmentMaxCount' | 'attachmentMaxBytes' | 'attachmentOverLimit'>,
): AttachmentPolicy {
  return { maxCount: row.attachmentMaxCount, maxBytes: row.attachmentMaxBytes, overLimit: row.attachmentOverLimit };
}

export type AttachmentCheck = {
  /** The attachments counted (not inline), their number and their total size. */
  files: ParsedAttachment[];
  count: number;
  bytes: number;
  over: boolean;
};

export function checkAttachments(attachments: ParsedAttachment[], policy: AttachmentPolicy | null): AttachmentCheck {
  const files = attachments.filter((a) => !a.inline);
  const bytes = files.reduce((sum, a) => sum + a.size, 0);
  const over =
    policy !== null &&
    ((policy.maxCount !== null && files.length > policy.maxCount) ||
      (policy.maxBytes !== null && bytes > policy.maxBytes));
  return { files, count: files.length, bytes, over };
}

/** The case history's note when the attachments were moved out. */
export function strippedAttachmentsNote(check: AttachmentCheck, policy: AttachmentPolicy): string {
  const limits = [
    ...(policy.maxCount !== null ? [`${policy.maxCount} attachment${policy.maxCount === 1 ? '' : 's'}`] : []),
    ...(policy.maxBytes !== null ? [formatBytes(policy.maxBytes)] : []),
  ].join(', ');
  const names = check.files
    .slice(0, 20)
    .map((f) => `${f.filename} (${formatBytes(f.size)})`)
    .join(', ');
  const more = check.files.length > 20 ? ` and ${check.files.length - 20} more` : '';
  return (
    `${check.count} attachment${check.count === 1 ? '' : 's'} (${formatBytes(check.bytes)} in all) went over this ` +
    `mailbox's limit (${limits}) and ${check.count === 1 ? 'was' : 'were'} not added: ${names}${more}. ` +
    'The original message keeps them: use "View original" to download it.'
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
