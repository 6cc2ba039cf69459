// The shapes that flow through ingestion: source → parse → classify → thread → store.
import type { Address } from '@/db/schema';

export type { Address };

export type ParsedAttachment = {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
  /** Content-ID without angle brackets, for inline cid: images. */
  contentId?: string;
  inline: boolean;
};

/** What parseMessage() returns for a message it could read. */
export type ParsedMessage = {
  /** Header name (lower-case) → every value, in order, unfolded, as text. */
  headers: Map<string, string[]>;
  from?: Address;
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  /** Decoded (RFC 2047); "(no subject)" when empty. */
  subject: string;
  /** From the Date header; undefined when missing or unparseable. */
  date?: Date;
  /** Without angle brackets; undefined when missing. */
  messageId?: string;
  inReplyTo?: string;
  /** Without angle brackets, oldest first. */
  references: string[];
  text?: string;
  html?: string;
  attachments: ParsedAttachment[];
  /** MIME structure facts classify needs: top-level content type and report-type, all part types. */
  contentType: string;
  reportType?: string;
  partTypes: string[];
  size: number;
  /**
   * Set when the message could only be read in part (salvaged past a parse limit): what was left
   * out, in words for a system note on its case. The raw message is complete as stored.
   */
  parseNotes?: string[];
  /** S/MIME (lib/mail/unwrap-smime.ts): signed (content shown, signature not verified) or encrypted (kept attached). */
  smime?: { signed?: boolean; signer?: string; encrypted?: boolean };
};

/** parseMessage() never throws for bad mail: it returns this instead, and the message is quarantined. */
export type ParseFailure = {
  ok: false;
  reason: string;
  /** The header fields, when the header section could be read though the message could not: the quarantined row shows them. */
  headers?: Pick<ParsedMessage, 'from' | 'subject' | 'date' | 'messageId'>;
};
export type ParseResult = ({ ok: true } & { message: ParsedMessage }) | ParseFailure;

export type MessageKind = 'bounce' | 'auto-reply' | 'vacation' | 'list' | 'loop' | 'normal';

export type Classification = {
  verdict: 'auto-generated' | 'normal';
  kind: MessageKind;
  /** The rule that fired, e.g. "header:auto-submitted=auto-replied", "report:delivery-status". */
  reason: string;
  /** For bounces/auto-replies: Message-IDs of ours it refers to, and the failed recipients. */
  referencedMessageIds?: string[];
  failedRecipients?: string[];
  /** For bounces: recipients a delay notice (Action: delayed) names; the mail may still arrive. */
  delayedRecipients?: string[];
  /** For bounces: 'delayed' when the report is only a delay notice, else 'failed'. */
  deliveryAction?: 'failed' | 'delayed';
  /** For bounces: the RFC 3463 status of the first recipient, e.g. "5.1.1". */
  bounceStatus?: string;
  /** For bounces: the receiving server's words for the first recipient. */
  bounceDiagnostic?: string;
};
