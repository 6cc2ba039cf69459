// Writes TNEF (winmail.dat) per MS-OXTNEF for tests: attributes with their checksums, MAPI property
// blocks, and compressed RTF per MS-OXRTFCP (literal runs plus back-references we choose).

const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const pad4 = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);

export function attribute(level: 1 | 2, id: number, data: Buffer): Buffer {
  let sum = 0;
  for (const byte of data) sum = (sum + byte) & 0xffff;
  return Buffer.concat([u8(level), u32(id), u32(data.length), data, u16(sum)]);
}

/** A MAPI property block of variable-length values: [type, id, bytes]. */
export function mapiProps(props: [type: number, id: number, value: Buffer][]): Buffer {
  const parts = [u32(props.length)];
  for (const [type, id, value] of props) parts.push(u16(type), u16(id), u32(1), u32(value.length), pad4(value));
  return Buffer.concat(parts);
}

export const string8 = (s: string) => Buffer.from(s + '\0', 'latin1');

/** Tokens: a string is literal bytes, [offset, length] a back-reference into the dictionary. */
export function compressRtf(tokens: (string | [number, number])[], rawSize: number): Buffer {
  const items = tokens.flatMap<number | [number, number]>((t) =>
    typeof t === 'string' ? [...Buffer.from(t, 'latin1')] : [t],
  );
  const body: Buffer[] = [];
  for (let i = 0; i < items.length; i += 8) {
    const group = items.slice(i, i + 8);
    let control = 0;
    const bytes: number[] = [];
    group.forEach((item, bit) => {
      if (typeof item === 'number') bytes.push(item);
      else {
        control |= 1 << bit;
        const ref = (item[0] << 4) | (item[1] - 2);
        bytes.push(ref >> 8, ref & 0xff);
      }
    });
    body.push(Buffer.from([control, ...bytes]));
  }
  const data = Buffer.concat(body);
  return Buffer.concat([u32(data.length + 12), u32(rawSize), Buffer.from('LZFu', 'latin1'), u32(0), data]);
}

export type TnefSpec = {
  body?: string;
  rtfCompressed?: Buffer;
  html?: string;
  files?: { title: string; longName?: string; mime?: string; content: Buffer }[];
};

export function buildTnef(spec: TnefSpec): Buffer {
  const parts = [u32(0x223e9f78), u16(0x0001), attribute(1, 0x00089006, u32(0x00010000))];
  if (spec.body !== undefined) parts.push(attribute(1, 0x0002800c, Buffer.from(spec.body, 'latin1')));
  const props: [number, number, Buffer][] = [];
  if (spec.rtfCompressed) props.push([0x0102, 0x1009, spec.rtfCompressed]);
  if (spec.html) props.push([0x0102, 0x1013, Buffer.from(spec.html, 'utf8')]);
  if (props.length) parts.push(attribute(1, 0x00069003, mapiProps(props)));
  for (const f of spec.files ?? []) {
    parts.push(attribute(2, 0x00069002, Buffer.alloc(14)));
    parts.push(attribute(2, 0x00018010, string8(f.title)));
    parts.push(attribute(2, 0x0006800f, f.content));
    const attachProps: [number, number, Buffer][] = [];
    if (f.longName) attachProps.push([0x001e, 0x3707, string8(f.longName)]);
    if (f.mime) attachProps.push([0x001e, 0x370e, string8(f.mime)]);
    if (attachProps.length) parts.push(attribute(2, 0x00069005, mapiProps(attachProps)));
  }
  return Buffer.concat(parts);
}
