// winmail.dat built here per MS-OXTNEF: unpacked into its body and files instead of one opaque
// attachment (Outlook's rich-text mail used to show "(no text)" and a winmail.dat to download).
import { describe, expect, it } from 'vitest';
import { parseMessage } from '@/lib/mail/parse';
import { decompressRtf, readTnef, rtfToText } from '@/lib/mail/read-tnef';
import type { ParsedMessage } from '@/lib/mail/types';
import { base64Lines } from '../helpers/smime';
import { buildTnef, compressRtf } from '../helpers/tnef';

function withWinmail(tnef: Buffer, text?: string): Buffer {
  return Buffer.from(
    'From: Pat Doe <pat@customer.example>\r\nTo: support@acme.test\r\nSubject: Quarterly figures\r\n' +
      'Message-ID: <tnef-1@customer.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="t"\r\n\r\n' +
      (text !== undefined ? `--t\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n${text}\r\n` : '') +
      '--t\r\nContent-Type: application/ms-tnef; name="winmail.dat"\r\nContent-Disposition: attachment; filename="winmail.dat"\r\n' +
      `Content-Transfer-Encoding: base64\r\n\r\n${base64Lines(tnef)}\r\n--t--\r\n`,
  );
}

async function parsed(raw: Buffer): Promise<ParsedMessage> {
  const result = await parseMessage(raw);
  if (!result.ok) throw new Error(result.reason);
  return result.message;
}

// "{\rtf1\ansi\mac\d" (17 bytes) comes from the preset dictionary: one back-reference at offset 0.
const rtf = '{\\rtf1\\ansi\\mac\\deff0 Hello from Outlook\\par Second line \\u8364? 10\\par}';
const compressed = compressRtf([[0, 17], rtf.slice(17)], rtf.length);

describe('TNEF (winmail.dat)', () => {
  it('unpacks the files of a winmail.dat into attachments, long names and MIME types kept', async () => {
    const xlsx = Buffer.from('PK\u0003\u0004 spreadsheet bytes', 'latin1');
    const msg = await parsed(
      withWinmail(
        buildTnef({
          body: 'See the attached figures.',
          files: [
            {
              title: 'QUARTE~1.XLS',
              longName: 'Quarterly figures 2025.xlsx',
              mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              content: xlsx,
            },
            { title: 'notes.txt', content: Buffer.from('plain notes') },
          ],
        }),
        'See the attached figures.',
      ),
    );
    expect(msg.attachments.map((a) => [a.filename, a.contentType, a.content.toString('latin1')])).toEqual([
      [
        'Quarterly figures 2025.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        xlsx.toString('latin1'),
      ],
      ['notes.txt', 'application/octet-stream', 'plain notes'],
    ]);
    expect(msg.attachments.every((a) => a.size === a.content.length && /^[0-9a-f]{64}$/.test(a.sha256))).toBe(true);
    expect(msg.text?.trim()).toBe('See the attached figures.');
  });

  it('takes the body from the TNEF when the message has no text of its own: compressed RTF made readable', async () => {
    const msg = await parsed(withWinmail(buildTnef({ rtfCompressed: compressed })));
    expect(msg.text).toBe('Hello from Outlook\nSecond line € 10');
    expect(msg.attachments).toEqual([]);
  });

  it('takes the HTML body a TNEF carries', async () => {
    const msg = await parsed(withWinmail(buildTnef({ html: '<p>Hello <b>there</b></p>' })));
    expect(msg.html).toBe('<p>Hello <b>there</b></p>');
  });

  it('inflates compressed RTF with back-references into the preset dictionary', () => {
    expect(decompressRtf(compressed).toString('latin1')).toBe(rtf);
    expect(rtfToText("{\\rtf1{\\fonttbl{\\f0 Arial;}}{\\*\\generator x;}Caf\\'e9 \\{ok\\}\\line done}")).toBe(
      'Café {ok}\ndone',
    );
  });

  it('keeps a damaged or foreign winmail.dat attached as it came, and reads a truncated one up to the damage', async () => {
    const foreign = await parsed(withWinmail(Buffer.from('not tnef at all'), 'hi'));
    expect(foreign.attachments.map((a) => a.filename)).toEqual(['winmail.dat']);
    const full = buildTnef({ body: 'kept', files: [{ title: 'a.txt', content: Buffer.from('a') }] });
    const cut = readTnef(full.subarray(0, full.length - 3));
    expect(cut?.text).toBe('kept');
    // A length field claiming 4 GB is refused by the bounds check, not allocated.
    const huge = Buffer.concat([full.subarray(0, 6), Buffer.from([1, 0x0c, 0x80, 0x02, 0x00, 0xff, 0xff, 0xff, 0xff])]);
    expect(readTnef(huge)).toBeNull();
  });
});
