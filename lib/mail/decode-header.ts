// Header text as people read it. RFC 2047 encoded-words go through libmime (the decoder mailparser
// uses), which joins adjacent words of one charset as bytes (a UTF-8 character split across two
// words survives) but decodes each word of a stateful charset such as ISO-2022-JP on its own (each
// word resets to ASCII; joined, the escape sequences collide and every join became U+FFFD).
// Folding is removed (CRLF + WSP becomes one space, so a folded Subject keeps no tab). Raw 8-bit
// bytes and bare ISO-2022-JP escapes, which carry no charset label, are read in the charset
// detectLegacyCharset() names. NULs are dropped (PostgreSQL text cannot hold them).
import libmime from 'libmime';
import { detectLegacyCharset } from './detect-legacy-charset';

// 0x80–0x9F of windows-1252. Node 20's TextDecoder drops these bytes (e.g. 0x80 "€", 0x93 "“")
// for windows-1252 and its latin1 aliases, so that charset is decoded here.
const CP1252_HIGH =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

// ISO-2022-JP's escape into JIS X 0208 / 0212 / JIS X 0201 Roman: 7-bit, yet not ASCII text.
const JIS_ESCAPE = /\x1b(\$[@B]|\$\(D|\(J|\(I)/;

function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** Decodes bytes in a named charset; unknown charsets fall back to UTF-8, then windows-1252. */
export function decodeCharset(bytes: Uint8Array, charset: string): string {
  const label = charset.split('*')[0].trim().toLowerCase();
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    return decodeEightBit(bytes);
  }
  return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
}

/** Bytes whose charset nobody declared: UTF-8 when they are valid UTF-8, else windows-1252. */
export function decodeEightBit(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** Raw header bytes (as latin1 characters) in the charset they most likely are; `hint` is the message's own. */
export function decodeRawHeaderBytes(latin1: string, hint?: string): string {
  if (JIS_ESCAPE.test(latin1)) return decodeCharset(Buffer.from(latin1, 'latin1'), 'iso-2022-jp');
  if (!/[\x80-\xff]/.test(latin1)) return latin1;
  const bytes = Buffer.from(latin1, 'latin1');
  return decodeCharset(bytes, detectLegacyCharset(bytes, hint));
}

/** Decodes RFC 2047 encoded-words (RFC 2231 language tags in them are ignored). */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/** Removes folding: a line break and the whitespace after it become one space. */
export function unfold(value: string): string {
  return value.replace(/\r?\n[ \t]+/g, ' ').replace(/[\r\n]+/g, ' ');
}

/**
 * One header field's value from a raw header line ("Name: value", folded, bytes as latin1).
 * `charsetHint` is the charset the message declares for its text, for raw 8-bit bytes.
 */
export function decodeHeaderLine(line: string, charsetHint?: string): string {
  const colon = line.indexOf(':');
  const rawValue = colon === -1 ? '' : line.slice(colon + 1);
  return decodeHeaderValue(rawValue, charsetHint);
}

/** A raw header value (folded, bytes as latin1) as text: unfolded, charset detected, encoded-words decoded. */
export function decodeHeaderValue(rawValue: string, charsetHint?: string): string {
  const text = decodeRawHeaderBytes(unfold(rawValue), charsetHint);
  return stripNul(decodeEncodedWords(text))
    .replace(/[\t\r\n]/g, ' ')
    .trim();
}

/**
 * A structured header value with its parameters (Content-Type, Content-Disposition), RFC 2231
 * continuations (`filename*0*=utf-8''…; filename*1*=…`) joined and decoded.
 */
export function decodeHeaderParams(value: string): { value: string; params: Record<string, string> } {
  const parsed = libmime.parseHeaderValue(unfold(value));
  const params: Record<string, string> = {};
  for (const [name, v] of Object.entries(parsed.params)) {
    params[name.toLowerCase()] = stripNul(decodeEncodedWords(String(v)));
  }
  return { value: parsed.value, params };
}

export function stripNul(value: string): string {
  return value.includes('\u0000') ? value.replace(/\u0000/g, '') : value;
}
