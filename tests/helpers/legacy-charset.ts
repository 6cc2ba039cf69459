// Encodes test text in legacy charsets (Shift_JIS, EUC-JP, ISO-2022-JP, EUC-KR, GBK, Big5,
// windows-1251, KOI8-R) without a converter library: the reverse of the platform's own decoder,
// built by decoding every one- and two-byte sequence once. Only for characters those charsets have.

const tables = new Map<string, Map<string, number[]>>();

function reverseTable(charset: string): Map<string, number[]> {
  const known = tables.get(charset);
  if (known) return known;
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder(charset, { fatal: true });
  const add = (bytes: number[]) => {
    try {
      const ch = decoder.decode(Uint8Array.from(bytes));
      if ([...ch].length === 1 && !table.has(ch)) table.set(ch, bytes);
    } catch {
      // not a character in this charset
    }
  };
  for (let b = 0; b < 0x100; b++) add([b]);
  if (!/^(windows-|koi8|iso-8859)/.test(charset))
    for (let lead = 0x81; lead < 0xff; lead++) for (let trail = 0x40; trail < 0xff; trail++) add([lead, trail]);
  tables.set(charset, table);
  return table;
}

/** `text` as bytes in `charset`; ISO-2022-JP is built from EUC-JP (JIS X 0208 rows, shifted to 7 bits). */
export function encodeLegacy(text: string, charset: string): Buffer {
  if (charset === 'iso-2022-jp') {
    const out: number[] = [];
    let inJis = false;
    for (const ch of text) {
      const euc = encodeLegacy(ch, 'euc-jp');
      const twoByte = euc.length === 2;
      if (twoByte !== inJis) out.push(...(twoByte ? [0x1b, 0x24, 0x42] : [0x1b, 0x28, 0x42]));
      inJis = twoByte;
      out.push(...(twoByte ? [euc[0] & 0x7f, euc[1] & 0x7f] : [...euc]));
    }
    if (inJis) out.push(0x1b, 0x28, 0x42);
    return Buffer.from(out);
  }
  const table = reverseTable(charset);
  const out: number[] = [];
  for (const ch of text) {
    const bytes = table.get(ch);
    if (!bytes) throw new Error(`${JSON.stringify(ch)} has no ${charset} encoding`);
    out.push(...bytes);
  }
  return Buffer.from(out);
}

/** An RFC 2047 B encoded-word of `text` in `charset`. */
export function encodedWord(text: string, charset: string): string {
  return `=?${charset.toUpperCase()}?B?${encodeLegacy(text, charset).toString('base64')}?=`;
}
