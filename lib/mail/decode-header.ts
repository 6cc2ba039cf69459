// Header text as people read it: raw 8-bit bytes (UTF-8, else windows-1252) and RFC 2047
// encoded-words decoded, folding removed, NULs dropped (PostgreSQL text cannot hold them).

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

// 0x80–0x9F of windows-1252. Node 20's TextDecoder drops these bytes (e.g. 0x80 "€", 0x93 "“")
// for windows-1252 and its latin1 aliases, so that charset is decoded here.
const CP1252_HIGH =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

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

function wordBytes(encoding: string, text: string): Buffer {
  if (encoding === 'b' || encoding === 'B') return Buffer.from(text, 'base64');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '_') bytes.push(0x20);
    else if (ch === '=' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/**
 * Decodes RFC 2047 encoded-words. Whitespace between adjacent encoded-words is dropped, and
 * adjacent words in one charset are joined as bytes first, so a character split across two
 * words (common with UTF-8 and Shift_JIS) survives.
 */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  let out = '';
  let pending: { charset: string; bytes: Buffer[] } | null = null;
  let last = 0;
  const flush = () => {
    if (pending) out += decodeCharset(Buffer.concat(pending.bytes), pending.charset);
    pending = null;
  };
  for (const m of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, m.index);
    const charset = m[1].split('*')[0].toLowerCase();
    if (pending && /^\s*$/.test(between)) {
      if (pending.charset !== charset) flush();
    } else {
      flush();
      out += between;
    }
    pending ??= { charset, bytes: [] };
    pending.bytes.push(wordBytes(m[2], m[3]));
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}

/** One header field's value from mailparser's raw header line ("Name: value", folded, bytes as latin1). */
export function decodeHeaderLine(line: string): string {
  const colon = line.indexOf(':');
  const rawValue = colon === -1 ? '' : line.slice(colon + 1);
  const text = /[\x80-\xff]/.test(rawValue) ? decodeEightBit(Buffer.from(rawValue, 'latin1')) : rawValue;
  return stripNul(decodeEncodedWords(text.replace(/\r?\n(?=[ \t])/g, '')).replace(/[\r\n]+/g, ' ')).trim();
}

export function stripNul(value: string): string {
  return value.includes('\u0000') ? value.replace(/\u0000/g, '') : value;
}
