// The POP3 reply reader: exact bytes, dot-unstuffing, every chunk boundary, time-outs and back-pressure.
import { describe, expect, it } from 'vitest';
import { Pop3Error } from '@/lib/mail/pop3/pop3-error';
import { Pop3ReplyError, ResponseReader } from '@/lib/mail/pop3/response-reader';

const body = Buffer.concat([
  Buffer.from('Subject: Gr'),
  Buffer.from([0xfc, 0xdf]), // "üß" in windows-1252
  Buffer.from('e\r\n\r\n..leading dot\r\n...two\r\nnul:'),
  Buffer.from([0x00, 0xff, 0x80]),
  Buffer.from('\r\n. \r\n.x\r\nlast\r\n'),
]);
const unstuffed = Buffer.concat([
  Buffer.from('Subject: Gr'),
  Buffer.from([0xfc, 0xdf]),
  Buffer.from('e\r\n\r\n.leading dot\r\n..two\r\nnul:'),
  Buffer.from([0x00, 0xff, 0x80]),
  Buffer.from('\r\n \r\nx\r\nlast\r\n'),
]);
const wire = Buffer.concat([Buffer.from('+OK 123 octets\r\n'), body, Buffer.from('.\r\n+OK next\r\n')]);

async function readAll(reader: ResponseReader) {
  const status = await reader.readStatus(1000);
  const message = await reader.readMultiline(1000);
  const next = await reader.readStatus(1000);
  return { status, message, next };
}

describe('POP3 response reader', () => {
  it('a dot-stuffed 8-bit body comes out byte-exact and unstuffed wherever the chunks are cut', async () => {
    for (let cut = 0; cut <= wire.length; cut++) {
      const reader = new ResponseReader();
      reader.push(wire.subarray(0, cut));
      const reading = readAll(reader);
      reader.push(wire.subarray(cut));
      const { status, message, next } = await reading;
      expect(status).toEqual({ kind: 'ok', text: '123 octets' });
      expect(message.equals(unstuffed)).toBe(true);
      expect(next.kind).toBe('ok');
    }
  });

  it('a body that arrives one byte at a time is still exact', async () => {
    const reader = new ResponseReader();
    const reading = readAll(reader);
    for (let i = 0; i < wire.length; i++) {
      reader.push(wire.subarray(i, i + 1));
      await Promise.resolve();
    }
    expect((await reading).message.equals(unstuffed)).toBe(true);
  });

  it('an empty body is just the terminating dot', async () => {
    const reader = new ResponseReader();
    reader.push(Buffer.from('+OK\r\n.\r\n'));
    await reader.readStatus(100);
    expect((await reader.readMultiline(100)).length).toBe(0);
  });

  it('tells +OK, -ERR and SASL continuations apart', async () => {
    const reader = new ResponseReader();
    reader.push(Buffer.from('+OK fine\r\n-ERR [AUTH] no\r\n+ \r\n+\r\n+ eyJ9\r\n'));
    expect(await reader.readStatus(100)).toEqual({ kind: 'ok', text: 'fine' });
    expect(await reader.readStatus(100)).toEqual({ kind: 'err', text: '[AUTH] no' });
    expect(await reader.readStatus(100)).toEqual({ kind: 'continue', text: '' });
    expect(await reader.readStatus(100)).toEqual({ kind: 'continue', text: '' });
    expect(await reader.readStatus(100)).toEqual({ kind: 'continue', text: 'eyJ9' });
  });

  it('a reply that is not POP3 is a protocol error', async () => {
    const reader = new ResponseReader();
    reader.push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'));
    const err = await reader.readStatus(100).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Pop3ReplyError);
    expect((err as Pop3Error).code).toBe('protocol');
  });

  it('a status line that never ends is refused instead of buffered forever', async () => {
    const reader = new ResponseReader();
    reader.push(Buffer.alloc(70 * 1024, 0x41));
    await expect(reader.readStatus(100)).rejects.toMatchObject({ code: 'protocol' });
  });

  it('silence longer than the timeout fails with code timeout', async () => {
    const reader = new ResponseReader();
    reader.push(Buffer.from('+OK partial'));
    await expect(reader.readStatus(30)).rejects.toMatchObject({ code: 'timeout' });
  });

  it('bytes received before the connection closed are still read; then the close is reported', async () => {
    const reader = new ResponseReader();
    reader.push(Buffer.from('+OK\r\nline one\r\n'));
    reader.fail(new Pop3Error('closed', 'The server closed the connection.'));
    expect((await reader.readStatus(100)).kind).toBe('ok');
    await expect(reader.readMultiline(100)).rejects.toMatchObject({ code: 'closed' });
  });

  it('pauses the socket past the high-water mark and resumes once read', async () => {
    const events: string[] = [];
    const reader = new ResponseReader(1000);
    reader.setFlow({ pause: () => events.push('pause'), resume: () => events.push('resume') });
    const line = Buffer.from('x'.repeat(98) + '\r\n');
    reader.push(Buffer.from('+OK\r\n'));
    for (let i = 0; i < 20; i++) reader.push(line);
    reader.push(Buffer.from('.\r\n'));
    expect(events).toEqual(['pause']);
    await reader.readStatus(100);
    expect((await reader.readMultiline(100)).length).toBe(2000);
    expect(events).toEqual(['pause', 'resume']);
  });
});
