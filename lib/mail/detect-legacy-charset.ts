// Raw 8-bit header bytes carry no charset label (RFC 6532 allows only UTF-8 there), yet old mail
// clients write Shift_JIS, EUC-JP, GBK, Big5, EUC-KR, KOI8-R or windows-1251 straight into the
// Subject and From. This names the most likely charset for such bytes: UTF-8 when they are valid
// UTF-8, else the charset the message declares for its body when the bytes decode in it, else
// windows-1251 or KOI8-R when one reads as ordinary Cyrillic words, else the multi-byte charset
// whose decoding reads most like its script, else windows-1252. Bounded: a few decoder passes over one header value.

// Order breaks ties: GB2312 bytes also decode as Big5, and EUC-KR bytes as GB18030.
const MULTI_BYTE = ['shift_jis', 'euc-jp', 'euc-kr', 'gb18030', 'big5'] as const;
const JAPANESE = new Set<string>(['shift_jis', 'euc-jp']);

// The script each multi-byte charset is for; a decoding that lands elsewhere scores nothing.
const SCRIPT: Record<(typeof MULTI_BYTE)[number], RegExp> = {
  shift_jis: /[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]/gu,
  'euc-jp': /[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]/gu,
  gb18030: /[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]/gu,
  big5: /[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]/gu,
  'euc-kr': /[\uac00-\ud7af\u3130-\u318f]/gu,
};

function decodesIn(bytes: Uint8Array, label: string): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Share of the non-ASCII characters of `text` that belong to the script `pattern` names. */
function scriptShare(text: string, pattern: RegExp): number {
  const nonAscii = text.replace(/[\x00-\x7f]/g, '').length;
  if (nonAscii === 0) return 0;
  return (text.match(pattern) ?? []).length / nonAscii;
}

/** Japanese is written with kana; Chinese read as EUC-JP comes out as kanji alone. */
function hasKana(text: string): boolean {
  return /[\u3041-\u30fa]/u.test(text);
}

/**
 * How much of the text reads as Cyrillic words written the ordinary way (lower case, or a capital
 * first, or all capitals, which count half): the wrong one of windows-1251 and KOI8-R swaps the cases,
 * and CJK bytes read as either give symbols and case changes inside words.
 */
function cyrillicShare(text: string): number {
  let letters = 0;
  let good = 0;
  for (const word of text.split(/[^\p{L}]+/u)) {
    if (!/[\u0400-\u04ff]/.test(word)) {
      if (/[^\x00-\x7f]/.test(word)) letters += word.length;
      continue;
    }
    letters += word.length;
    if (/^[А-ЯЁ]?[а-яё]+$/.test(word)) good += word.length;
    else if (/^[А-ЯЁ]+$/.test(word)) good += word.length / 2;
  }
  const symbols = text.replace(/[\x00-\x7f\p{L}]/gu, '').length;
  return letters + symbols === 0 ? 0 : good / (letters + symbols);
}

function singleByteCyrillic(bytes: Uint8Array): string | null {
  let best: { label: string; score: number } | null = null;
  for (const label of ['windows-1251', 'koi8-r']) {
    const score = cyrillicShare(new TextDecoder(label).decode(bytes));
    if (score >= 0.7 && (!best || score > best.score)) best = { label, score };
  }
  return best?.label ?? null;
}

/**
 * The charset to read raw header bytes in. `hint` is a charset the message itself declares (its
 * first text part's), used when the bytes are not UTF-8 but decode cleanly in it.
 */
export function detectLegacyCharset(bytes: Uint8Array, hint?: string): string {
  if (decodesIn(bytes, 'utf-8') !== null) return 'utf-8';
  const label = hint?.trim().toLowerCase();
  if (label && !/^(utf-?8|us-ascii|ascii)$/.test(label) && decodesIn(bytes, label) !== null) return label;

  const cyrillic = singleByteCyrillic(bytes);
  if (cyrillic) return cyrillic;

  let best: { label: string; score: number } | null = null;
  for (const candidate of MULTI_BYTE) {
    const text = decodesIn(bytes, candidate);
    if (text === null) continue;
    // Half-width katakana (how Shift_JIS reads stray bytes) are outside every script pattern.
    const score = JAPANESE.has(candidate) && !hasKana(text) ? 0 : scriptShare(text, SCRIPT[candidate]);
    if (score > 0.8 && (!best || score > best.score)) best = { label: candidate, score };
  }
  return best?.label ?? 'windows-1252';
}

/**
 * The charset of one message's raw 8-bit header values (latin1 strings), read from all of them at
 * once: one mail client wrote them all, and a name alone is too short to tell kanji from Chinese.
 */
export function detectHeaderBlockCharset(values: string[], declared?: string): string | undefined {
  const raw = values.filter((v) => /[\x80-\xff]/.test(v));
  if (raw.length === 0) return declared;
  return detectLegacyCharset(Buffer.from(raw.join(' '), 'latin1'), declared);
}
