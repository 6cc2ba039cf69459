// A mailbox source yields raw messages by stable position and deletes exactly those positions.

/**
 * Where a message sits on the server: IMAP (uidValidity, uid) or POP3 (uidl, current number n). The mail APIs
 * use `uidl` for their stable message id (Graph's immutable id, Gmail's message id): the same ledger dedupes them.
 */
export type SourceRef = {
  uidValidity?: number;
  uid?: number;
  uidl?: string;
  n?: number;
  size?: number;
  /** IMAP: already flagged \Deleted — someone else's pending deletion, or ours interrupted before UID EXPUNGE. */
  flaggedDeleted?: boolean;
};

export type FetchedMessage = { ref: SourceRef; raw: Buffer };

export interface MailSource {
  /** IMAP: the folder's UIDVALIDITY and UIDNEXT. */
  readonly uidValidity?: number;
  readonly uidNext?: number;
  /** Messages present, oldest first (IMAP: those flagged \Deleted are marked, not left out). */
  listPending(): Promise<SourceRef[]>;
  /**
   * The same list with each message's identifying header fields (lib/mail/import-fingerprint.ts), read
   * without fetching bodies: what the import boundary records at confirmation.
   */
  listPendingWithHeaders(): Promise<{ ref: SourceRef; header: Buffer }[]>;
  /**
   * The messages at `refs` that are still there. `onMessage` sees each one as it arrives (the sync starts
   * reading it in the worker pool while the rest of the batch is on its way).
   */
  fetch(refs: SourceRef[], onMessage?: (message: FetchedMessage) => void): Promise<FetchedMessage[]>;
  /** IMAP: UID STORE \Deleted + UID EXPUNGE of exactly these UIDs. POP3: DELE (takes effect at close). */
  delete(refs: SourceRef[]): Promise<void>;
  /** POP3: QUIT (commits deletions). IMAP: LOGOUT. */
  close(): Promise<void>;
  /** Drops the connection without committing POP3 deletions. */
  abort(): void;
  /**
   * Mail APIs: where the next run's listing starts (Graph's deltaLink, Gmail's historyId), as of the last listing.
   * The sync saves it only after everything listed was stored and removed, so a crash lists the same again.
   */
  cursor?(): string | null;
}

/**
 * What a mail-API source (Microsoft Graph, the Gmail API) is opened with; lib/mailboxes/open-api-source.ts
 * builds it once from the mailbox row for either.
 */
export type ApiSourceOptions = {
  /** The mailbox's user: an address (a shared mailbox, app-only or domain-wide delegated access), or null for `me`. */
  user: string | null;
  /** The folder's display name (Graph) or the label's name (Gmail); "INBOX" is the inbox. */
  folder: string;
  /**
   * Instead of deleting, stored messages go here (created when missing): Graph moves them to this folder,
   * Gmail adds this label and removes the source label (label-and-archive).
   */
  moveTo?: string | null;
  /** Where the last completed run's listing ended: Graph's deltaLink, Gmail's historyId. */
  cursor?: string | null;
  pageSize?: number;
};
