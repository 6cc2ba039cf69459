// Mail on disk and from some servers ends its lines with LF alone (Unix mbox/maildir) or CR alone
// (old Mac tools); RFC 5322 says CRLF. Parsing and classification read a CRLF copy so all three
// give the same outcome (a bare-CR file used to read as one long header line). The stored raw
// bytes are never this copy: they stay exactly as fetched.
import { CR, LF } from './raw-bytes';

/** The bytes with every line ending as CRLF; the same Buffer when they already are. */
export function normalizeLineEndings(raw: Buffer): Buffer {
  let bare = 0;
  for (let i = raw.indexOf(CR); i !== -1; i = raw.indexOf(CR, i + 1)) if (raw[i + 1] !== LF) bare++;
  for (let i = raw.indexOf(LF); i !== -1; i = raw.indexOf(LF, i + 1)) if (i === 0 || raw[i - 1] !== CR) bare++;
  if (bare === 0) return raw;

  const out = Buffer.allocUnsafe(raw.length + bare);
  let o = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === CR) {
      out[o++] = CR;
      out[o++] = LF;
      if (raw[i + 1] === LF) i++;
    } else if (b === LF) {
      out[o++] = CR;
      out[o++] = LF;
    } else {
      out[o++] = b;
    }
  }
  return out.subarray(0, o);
}
