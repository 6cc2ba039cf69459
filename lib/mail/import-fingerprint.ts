// Recognising a message again after its server position changed. The import boundary (the messages
// present when the owner confirmed) is recorded by position, IMAP UIDVALIDITY + UIDNEXT or the POP3
// UIDLs, and a rebuilt folder or a server migration renumbers everything: without a second key, the
// history would become Open cases with acknowledgements. This is that key: a digest of the fields a
// message is identified by, as the server stores them (Message-ID, Date, From, Subject), read from the
// header fields the server returns at confirmation (IMAP HEADER.FIELDS, POP3 TOP n 0) and from the
// whole message fetched later, by the same scan. The scan reads bytes, not text: no regular expression,
// no decoding, one pass over at most MAX_HEADER_BYTES, so it is safe on the event loop.
import { createHash } from 'node:crypto';
import { COLON, CR, HT, LF, SP } from './raw-bytes';

export const FINGERPRINT_FIELDS = ['message-id', 'date', 'from', 'subject'] as const;

/** Where the scan stops looking for the fields (a header section is rarely over a few KB). */
const MAX_HEADER_BYTES = 256 * 1024;
/** Per field, the bytes that count (a 1 MB Subject is hashed by its beginning, the same on both sides). */
const MAX_VALUE_BYTES = 4096;

const NAMES = FINGERPRINT_FIELDS.map((name) => Buffer.from(name, 'latin1'));

const lower = (b: number) => (b >= 65 && b <= 90 ? b + 32 : b);

/** The field at the start of a line (name, optional blanks, colon): its index in FINGERPRINT_FIELDS and where its value starts. */
function fieldAt(buf: Buffer, start: number, end: number): { field: number; valueStart: number } | null {
  for (let f = 0; f < NAMES.length; f++) {
    const name = NAMES[f];
    if (end - start <= name.length) continue;
    let same = true;
    for (let i = 0; i < name.length && same; i++) same = lower(buf[start + i]) === name[i];
    if (!same) continue;
    let pos = start + name.length;
    while (pos < end && (buf[pos] === SP || buf[pos] === HT)) pos++;
    if (buf[pos] === COLON) return { field: f, valueStart: pos + 1 };
  }
  return null;
}

/**
 * The message's fingerprint from its header bytes (the whole message, its header section, or only the
 * fingerprint fields): the first occurrence of each field, unfolded, blanks collapsed, case kept.
 */
export function importFingerprint(header: Buffer): string {
  const values: number[][] = FINGERPRINT_FIELDS.map(() => []);
  const seen = FINGERPRINT_FIELDS.map(() => false);
  const stop = Math.min(header.length, MAX_HEADER_BYTES);
  let current = -1; // the field whose continuation lines are being read
  let pos = 0;
  while (pos < stop) {
    let nl = header.indexOf(LF, pos);
    if (nl === -1 || nl > stop) nl = stop;
    const end = nl > pos && header[nl - 1] === CR ? nl - 1 : nl;
    if (end === pos) break; // the blank line ending the header section
    let from = -1;
    if (header[pos] === SP || header[pos] === HT) {
      if (current >= 0) from = pos;
    } else {
      const found = fieldAt(header, pos, end);
      current = found && !seen[found.field] ? found.field : -1;
      if (found && current >= 0) {
        seen[current] = true;
        from = found.valueStart;
      }
    }
    if (from >= 0) appendValue(values[current], header, from, end);
    pos = nl + 1;
  }
  const hash = createHash('sha256');
  FINGERPRINT_FIELDS.forEach((name, f) => {
    const value = values[f];
    while (value.length && value[value.length - 1] === SP) value.pop();
    hash.update(name).update('\0').update(Buffer.from(value)).update('\0');
  });
  return hash.digest('hex');
}

/** Appends a line's bytes to a field value: folding and runs of blanks become one space, leading blanks dropped. */
function appendValue(value: number[], buf: Buffer, from: number, end: number) {
  for (let i = from; i < end && value.length < MAX_VALUE_BYTES; i++) {
    const b = buf[i];
    const blank = b === SP || b === HT || b === CR;
    if (blank) {
      if (value.length && value[value.length - 1] !== SP) value.push(SP);
    } else value.push(b);
  }
  // A fold joins two lines with one blank.
  if (value.length && value[value.length - 1] !== SP && value.length < MAX_VALUE_BYTES) value.push(SP);
}
