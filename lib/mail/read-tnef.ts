// TNEF (winmail.dat, application/ms-tnef), which Outlook and Exchange send instead of MIME: read
// per MS-OXTNEF into its body text, HTML or RTF and its attached files. The npm option (node-tnef)
// has few users and pulls in a logger and a CLI framework, so this is a bounded reader of our own:
// one pass over the attribute stream, every length checked against what is left, at most
// MAX_ATTACHMENTS files, compressed RTF (MS-OXRTFCP) inflated to at most its declared size.

const SIGNATURE = 0x223e9f78;
const MAX_ATTACHMENTS = 200;
const MAX_RTF_BYTES = 8 * 1024 * 1024;

// Attribute ids (type in the high word, id in the low word), MS-OXTNEF 2.1.3.
const ATT = {
  body: 0x0002800c,
  attachRendData: 0x00069002,
  attachTitle: 0x00018010,
  attachData: 0x0006800f,
  mapiProps: 0x00069003,
  attachment: 0x00069005,
} as const;

// MAPI property ids, MS-OXPROPS.
const PR = {
  body: 0x1000,
  html: 0x1013,
  rtfCompressed: 0x1009,
  attachLongFilename: 0x3707,
  attachMimeTag: 0x370e,
  attachDataObj: 0x3701,
} as const;

export type TnefFile = { filename: string; contentType: string; content: Buffer };
export type TnefContent = { text?: string; html?: string; rtf?: string; files: TnefFile[] };

class Cursor {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
    readonly end = buf.length,
  ) {}
  need(n: number) {
    if (n < 0 || this.pos + n > this.end) throw new RangeError('tnef: truncated');
  }
  u8() {
    this.need(1);
    return this.buf[this.pos++];
  }
  u16() {
    this.need(2);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }
  u32() {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number) {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  skipPad(n: number) {
    const pad = (4 - (n % 4)) % 4;
    this.need(pad);
    this.pos += pad;
  }
}

const FIXED_SIZE: Record<number, number> = {
  0x0002: 4,
  0x0003: 4,
  0x0004: 4,
  0x0005: 8,
  0x0006: 8,
  0x0007: 8,
  0x000a: 4,
  0x000b: 4,
  0x0014: 8,
  0x0040: 8,
  0x0048: 16,
};
const VARIABLE = new Set([0x001e, 0x001f, 0x0102, 0x000d]);

/** MAPI properties (MS-OXTNEF 2.1.3.4): id → raw value bytes of the wanted ones. */
function readMapiProps(data: Buffer, wanted: Set<number>): Map<number, { type: number; value: Buffer }> {
  const c = new Cursor(data);
  const out = new Map<number, { type: number; value: Buffer }>();
  const count = c.u32();
  for (let i = 0; i < count && c.pos < c.end; i++) {
    const type = c.u16();
    const id = c.u16();
    if (id >= 0x8000) {
      c.bytes(16); // property set GUID
      const kind = c.u32();
      if (kind === 0) c.u32();
      else {
        const len = c.u32();
        c.bytes(len);
        c.skipPad(len);
      }
    }
    const multi = (type & 0x1000) !== 0;
    const base = type & 0x0fff;
    const values = multi || VARIABLE.has(base) ? c.u32() : 1;
    for (let v = 0; v < values; v++) {
      let value: Buffer;
      if (VARIABLE.has(base)) {
        const len = c.u32();
        value = c.bytes(len);
        c.skipPad(len);
      } else if (FIXED_SIZE[base]) {
        value = c.bytes(FIXED_SIZE[base]);
      } else {
        throw new RangeError(`tnef: unknown property type ${base}`);
      }
      if (v === 0 && wanted.has(id)) out.set(id, { type: base, value });
    }
  }
  return out;
}

function propText(p: { type: number; value: Buffer } | undefined): string | undefined {
  if (!p) return undefined;
  const text = p.type === 0x001f ? p.value.toString('utf16le') : p.value.toString('latin1');
  return text.replace(/\u0000+$/, '');
}

// MS-OXRTFCP 2.1.3.1.1: the dictionary's initial contents.
const RTF_PRELOAD = Buffer.from(
  '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript ' +
    '\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par ' +
    '\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx',
  'latin1',
);

/** Inflates PR_RTF_COMPRESSED (MS-OXRTFCP): "LZFu" compressed or "MELA" stored. */
export function decompressRtf(data: Buffer): Buffer {
  const c = new Cursor(data);
  const compSize = c.u32();
  const rawSize = Math.min(c.u32(), MAX_RTF_BYTES);
  const type = c.u32();
  c.u32(); // CRC
  const end = Math.min(data.length, compSize + 4);
  if (type === 0x414c454d) return data.subarray(16, Math.min(end, 16 + rawSize));
  if (type !== 0x75465a4c) throw new RangeError('tnef: unknown RTF compression');
  const dict = Buffer.alloc(4096);
  RTF_PRELOAD.copy(dict);
  let write = RTF_PRELOAD.length;
  const out = Buffer.alloc(rawSize);
  let o = 0;
  let pos = 16;
  while (pos < end && o < rawSize) {
    const control = data[pos++];
    for (let bit = 0; bit < 8 && pos < end && o < rawSize; bit++) {
      if ((control & (1 << bit)) === 0) {
        const b = data[pos++];
        out[o++] = b;
        dict[write] = b;
        write = (write + 1) % 4096;
      } else {
        if (pos + 1 >= end) return out.subarray(0, o);
        const ref = (data[pos] << 8) | data[pos + 1];
        pos += 2;
        const offset = ref >> 4;
        const length = (ref & 0x0f) + 2;
        if (offset === write) return out.subarray(0, o);
        for (let k = 0; k < length && o < rawSize; k++) {
          const b = dict[(offset + k) % 4096];
          out[o++] = b;
          dict[write] = b;
          write = (write + 1) % 4096;
        }
      }
    }
  }
  return out.subarray(0, o);
}

/** Plain text from RTF, roughly: groups of destinations dropped, \par as line breaks, \'hh and \uN decoded. */
export function rtfToText(rtf: string): string {
  let out = '';
  let skipDepth = 0;
  let depth = 0;
  for (let i = 0; i < rtf.length; i++) {
    const ch = rtf[i];
    if (ch === '{') {
      depth++;
      if (skipDepth === 0 && /^\{\\\*|^\{\\(fonttbl|colortbl|stylesheet|info|pict)/.test(rtf.slice(i, i + 12)))
        skipDepth = depth;
    } else if (ch === '}') {
      if (skipDepth === depth) skipDepth = 0;
      depth--;
    } else if (ch === '\\') {
      const m = /^\\([a-z]+)(-?\d+)? ?|^\\'([0-9a-f]{2})|^\\([\\{}])/i.exec(rtf.slice(i, i + 40));
      if (!m) continue;
      i += m[0].length - 1;
      if (skipDepth) continue;
      if (m[3]) out += Buffer.from([parseInt(m[3], 16)]).toString('latin1');
      else if (m[4]) out += m[4];
      else if (m[1] === 'par' || m[1] === 'line') out += '\n';
      else if (m[1] === 'tab') out += '\t';
      else if (m[1] === 'u' && m[2]) {
        out += String.fromCharCode(Number(m[2]) < 0 ? Number(m[2]) + 65536 : Number(m[2]));
        if (rtf[i + 1] === '?') i++;
      }
    } else if (!skipDepth && ch !== '\r' && ch !== '\n') {
      out += ch;
    }
  }
  return out.replace(/\n{3,}/g, '\n\n').trim();
}

/** Reads a winmail.dat; null when it is not TNEF or is damaged before anything could be read. */
export function readTnef(data: Buffer): TnefContent | null {
  const c = new Cursor(data);
  try {
    if (c.u32() !== SIGNATURE) return null;
    c.u16(); // legacy key
  } catch {
    return null;
  }
  const result: TnefContent = { files: [] };
  let current: { filename?: string; longName?: string; mime?: string; content?: Buffer } | null = null;
  const finish = () => {
    if (current?.content && result.files.length < MAX_ATTACHMENTS) {
      result.files.push({
        filename: current.longName || current.filename || 'attachment',
        contentType: current.mime?.toLowerCase() || 'application/octet-stream',
        content: current.content,
      });
    }
    current = null;
  };
  try {
    while (c.pos < c.end) {
      const level = c.u8();
      const id = c.u32();
      const len = c.u32();
      const value = c.bytes(len);
      c.u16(); // checksum
      if (level === 1 && id === ATT.body) result.text = value.toString('latin1').replace(/\u0000+$/, '');
      else if (level === 1 && id === ATT.mapiProps) {
        const props = readMapiProps(value, new Set([PR.body, PR.html, PR.rtfCompressed]));
        result.text ??= propText(props.get(PR.body));
        const html = props.get(PR.html);
        if (html) result.html = propText(html);
        const rtf = props.get(PR.rtfCompressed);
        if (rtf) result.rtf = decompressRtf(rtf.value).toString('latin1');
      } else if (id === ATT.attachRendData) {
        finish();
        current = {};
      } else if (current && id === ATT.attachTitle) current.filename = value.toString('latin1').replace(/\u0000+$/, '');
      else if (current && id === ATT.attachData) current.content = Buffer.from(value);
      else if (current && id === ATT.attachment) {
        const props = readMapiProps(value, new Set([PR.attachLongFilename, PR.attachMimeTag, PR.attachDataObj]));
        current.longName = propText(props.get(PR.attachLongFilename));
        current.mime = propText(props.get(PR.attachMimeTag));
      }
    }
  } catch {
    // A damaged tail: keep what was read before it.
  }
  finish();
  if (!result.text && result.rtf) result.text = rtfToText(result.rtf);
  return result.text || result.html || result.files.length ? result : null;
}
