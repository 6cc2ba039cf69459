// The bounds parseMessage() enforces so one hostile message cannot stall or crash a sync run.
// Generous for real mail (RFC 5322 caps a line at 998 bytes; real MIME trees are < 10 deep).

export const PARSE_LIMITS = {
  /** Whole raw message; larger ones are quarantined without parsing. Per mailbox override via opts.maxBytes. */
  maxBytes: 25 * 1024 * 1024,
  /** Wall time for the mailparser pass; it is fed in chunks so the timer can fire between them. */
  timeoutMs: 5_000,
  /** multipart/* and embedded message/rfc822 levels together. */
  maxNestingDepth: 50,
  /** MIME parts in the whole tree (mailparser's own maxChildNodes is set to the same). */
  maxParts: 1_000,
  /** One header field, unfolded, in bytes. */
  maxHeaderFieldBytes: 256 * 1024,
  /** One part's header section, in bytes. */
  maxHeaderSectionBytes: 512 * 1024,
  /** HTML longer than this is not converted to plain text (the HTML itself is kept). */
  maxHtmlLengthToParse: 1_000_000,
  /** Text kept from a message read in salvage mode (past a limit above), decoded, in bytes. */
  maxSalvagedTextBytes: 2 * 1024 * 1024,
} as const;

export type ParseLimits = { -readonly [K in keyof typeof PARSE_LIMITS]: number };
