// Hostile messages, generated here rather than committed: each parse finishes with a message or a
// specific failure reason. Time is bounded by the parser's own timeout (asserted through its
// result), never by a wall-clock assertion.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '@/lib/mail/parse';
import { PARSE_LIMITS } from '@/lib/mail/parse-limits';

const MB = 1024 * 1024;

function nested(levels: number): Buffer {
  let head = 'From: nest@example.com\r\nSubject: nesting\r\nMIME-Version: 1.0\r\n';
  let tail = '';
  for (let i = 0; i < levels; i++) {
    head += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
    tail = `\r\n--b${i}--\r\n` + tail;
  }
  return Buffer.from(head + 'Content-Type: text/plain\r\n\r\ninnermost\r\n' + tail);
}

function nestedMessages(levels: number): Buffer {
  let s = '';
  for (let i = 0; i < levels; i++)
    s += `From: n${i}@example.com\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n`;
  return Buffer.from(s + 'From: last@example.com\r\n\r\nbottom\r\n');
}

function base64Message(bytes: number): Buffer {
  const body = Buffer.alloc(bytes, 0x5a).toString('base64').replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    'From: big@example.com\r\nSubject: big\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n' +
      '--x\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n' +
      `--x\r\nContent-Type: application/octet-stream; name="blob.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}\r\n--x--\r\n`,
  );
}

describe('parseMessage on hostile input', () => {
  it('refuses 500 levels of multipart nesting without parsing', async () => {
    expect(await parseMessage(nested(500))).toEqual({ ok: false, reason: 'nesting-too-deep' });
  });

  it('accepts nesting up to the limit and refuses one level more', async () => {
    const atLimit = await parseMessage(nested(PARSE_LIMITS.maxNestingDepth));
    expect(atLimit.ok && atLimit.message.text?.trim()).toBe('innermost');
    expect(await parseMessage(nested(PARSE_LIMITS.maxNestingDepth + 1))).toEqual({
      ok: false,
      reason: 'nesting-too-deep',
    });
  });

  it('counts inline message/rfc822 chains as nesting too', async () => {
    expect(await parseMessage(nestedMessages(200))).toEqual({ ok: false, reason: 'nesting-too-deep' });
  });

  it('refuses a 1 MB header line', async () => {
    const raw = Buffer.from(`From: a@example.com\r\nX-Junk: ${'A'.repeat(MB)}\r\nSubject: long\r\n\r\nbody\r\n`);
    expect(await parseMessage(raw)).toEqual({ ok: false, reason: 'header-line-too-long' });
  });

  it('refuses a header field folded over thousands of lines past the limit', async () => {
    const raw = Buffer.from(`From: a@example.com\r\nX-Junk: a\r\n${` ${'b'.repeat(900)}\r\n`.repeat(400)}\r\nbody\r\n`);
    expect(await parseMessage(raw)).toEqual({ ok: false, reason: 'header-line-too-long' });
  });

  it('refuses a header section larger than the limit made of ordinary lines', async () => {
    const raw = Buffer.from(
      `From: a@example.com\r\n${'X-Filler: 0123456789012345678901234567890123456789\r\n'.repeat(12_000)}\r\nbody\r\n`,
    );
    expect(await parseMessage(raw)).toEqual({ ok: false, reason: 'header-section-too-large' });
  });

  it('refuses a header line that long inside a MIME part', async () => {
    const raw = Buffer.from(
      'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n--p\r\n' +
        `Content-Type: text/plain; name="${'n'.repeat(300 * 1024)}"\r\n\r\nx\r\n--p--\r\n`,
    );
    expect(await parseMessage(raw)).toEqual({ ok: false, reason: 'header-line-too-long' });
  });

  it('refuses more MIME parts than the limit', async () => {
    let s = 'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="w"\r\n\r\n';
    for (let i = 0; i < PARSE_LIMITS.maxParts + 5; i++) s += `--w\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`;
    expect(await parseMessage(Buffer.from(s + '--w--\r\n'))).toEqual({ ok: false, reason: 'too-many-parts' });
  });

  it('parses broken base64 into what can be decoded', async () => {
    const raw = Buffer.from(
      'From: a@example.com\r\nSubject: broken\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n' +
        '--x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n!!SGVsbG8g@@d29ybGQ=====zz\r\n' +
        '--x\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%%*&^\r\n--x--\r\n',
    );
    const result = await parseMessage(raw);
    if (!result.ok) throw new Error(result.reason);
    expect(result.message.text).toContain('Hello world');
    expect(result.message.attachments.map((a) => a.filename)).toEqual(['a.pdf']);
  });

  it('parses NUL bytes in headers and body and drops them from the text it returns', async () => {
    const raw = Buffer.from(
      'From: Nul\u0000 Person <nul@example.com>\r\nSubject: a\u0000b\r\nX-Odd: c\u0000d\r\n\r\nline\u0000one\r\n\u0000\u0000\r\n',
      'latin1',
    );
    const result = await parseMessage(raw);
    if (!result.ok) throw new Error(result.reason);
    const m = result.message;
    expect(m.subject).toBe('ab');
    expect(m.text).toContain('lineone');
    expect(m.headers.get('x-odd')).toEqual(['cd']);
    expect(JSON.stringify([m.subject, m.text, m.from, [...m.headers]])).not.toContain('\\u0000');
  });

  it('parses a message without Date and Message-ID', async () => {
    const result = await parseMessage(
      Buffer.from('From: a@example.com\r\nTo: support@acme.test\r\nSubject: no ids\r\n\r\nhello\r\n'),
    );
    expect(
      result.ok && { date: result.message.date, id: result.message.messageId, subject: result.message.subject },
    ).toEqual({
      date: undefined,
      id: undefined,
      subject: 'no ids',
    });
  });

  it('refuses 30 MB over the default 25 MB limit by size alone', async () => {
    const raw = Buffer.alloc(30 * MB, 0x61);
    expect(await parseMessage(raw)).toEqual({ ok: false, reason: `too-large:${30 * MB}>${25 * MB}` });
  });

  it('applies a per-mailbox size limit', async () => {
    const raw = base64Message(200 * 1024);
    expect(await parseMessage(raw, { maxBytes: 100 * 1024 })).toEqual({
      ok: false,
      reason: `too-large:${raw.length}>${100 * 1024}`,
    });
    expect((await parseMessage(raw, { maxBytes: 1 * MB })).ok).toBe(true);
  });

  it('stops a parse that runs past its time limit and says so', async () => {
    const result = await parseMessage(base64Message(12 * MB), { timeoutMs: 1 });
    expect(result).toEqual({ ok: false, reason: 'parse-timeout' });
  });

  it('parses the same large message when given the default time limit', async () => {
    const result = await parseMessage(base64Message(12 * MB));
    if (!result.ok) throw new Error(result.reason);
    expect(result.message.attachments[0].size).toBe(12 * MB);
  });

  it('never throws for arbitrary bytes, empty input or a lone header line', async () => {
    let seed = 42;
    const noise = Buffer.alloc(256 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (const raw of [noise, Buffer.alloc(0), Buffer.from('Subject: only'), Buffer.from('\r\n\r\n\r\n')]) {
      const result = await parseMessage(raw);
      if (result.ok) expect(result.message.subject.length).toBeGreaterThan(0);
      else expect(result.reason).toMatch(/^(parse-error:|header-|nesting-|too-)/);
    }
  });
});
