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
  it('reads a 500-level nested message in salvage mode: headers, the text at the bottom, and a note on what was left out', async () => {
    // Used to be quarantined as 'nesting-too-deep' with no sender, subject or date shown.
    const result = await parseMessage(nested(500));
    if (!result.ok) throw new Error(result.reason);
    const m = result.message;
    expect(m.subject).toBe('nesting');
    expect(m.from).toEqual({ address: 'nest@example.com' });
    expect(m.text).toBe('innermost');
    expect(m.attachments).toEqual([]);
    expect(m.partTypes.slice(0, 2)).toEqual(['multipart/mixed', 'multipart/mixed']);
    expect(m.parseNotes).toHaveLength(1);
    expect(m.parseNotes![0]).toContain(`nested 500 levels deep (the limit is ${PARSE_LIMITS.maxNestingDepth})`);
    expect(m.parseNotes![0]).toContain('Shown: its headers and 1 text part.');
  });

  it('parses nesting up to the limit in full and salvages one level more', async () => {
    const atLimit = await parseMessage(nested(PARSE_LIMITS.maxNestingDepth));
    expect(atLimit.ok && atLimit.message.text?.trim()).toBe('innermost');
    expect(atLimit.ok && atLimit.message.parseNotes).toBeUndefined();
    const over = await parseMessage(nested(PARSE_LIMITS.maxNestingDepth + 1));
    expect(over.ok && { text: over.message.text, notes: over.message.parseNotes?.length }).toEqual({
      text: 'innermost',
      notes: 1,
    });
  });

  it('counts inline message/rfc822 chains as nesting too, and salvages the innermost text', async () => {
    const result = await parseMessage(nestedMessages(200));
    if (!result.ok) throw new Error(result.reason);
    expect(result.message.from).toEqual({ address: 'n0@example.com' });
    expect(result.message.text).toBe('bottom');
    expect(result.message.parseNotes![0]).toContain('nested 200 levels deep');
  });

  it('quarantines a 1 MB header line, naming the sender and subject it could read', async () => {
    const raw = Buffer.from(`From: a@example.com\r\nX-Junk: ${'A'.repeat(MB)}\r\nSubject: long\r\n\r\nbody\r\n`);
    expect(await parseMessage(raw)).toEqual({
      ok: false,
      reason: 'header-line-too-long',
      headers: { from: { address: 'a@example.com' }, subject: 'long', date: undefined, messageId: undefined },
    });
  });

  it('quarantines a header field folded over thousands of lines past the limit', async () => {
    const raw = Buffer.from(`From: a@example.com\r\nX-Junk: a\r\n${` ${'b'.repeat(900)}\r\n`.repeat(400)}\r\nbody\r\n`);
    expect(await parseMessage(raw)).toMatchObject({
      ok: false,
      reason: 'header-line-too-long',
      headers: { from: { address: 'a@example.com' } },
    });
  });

  it('quarantines a header section larger than the limit made of ordinary lines', async () => {
    const raw = Buffer.from(
      `From: a@example.com\r\n${'X-Filler: 0123456789012345678901234567890123456789\r\n'.repeat(12_000)}\r\nbody\r\n`,
    );
    expect(await parseMessage(raw)).toMatchObject({
      ok: false,
      reason: 'header-section-too-large',
      headers: { from: { address: 'a@example.com' }, subject: '(no subject)' },
    });
  });

  it('salvages the text of a message with a header line that long inside a MIME part', async () => {
    const raw = Buffer.from(
      'From: a@example.com\r\nSubject: odd part\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n--p\r\n' +
        `Content-Type: text/plain; name="${'n'.repeat(300 * 1024)}"\r\n\r\nx\r\n--p--\r\n`,
    );
    const result = await parseMessage(raw);
    if (!result.ok) throw new Error(result.reason);
    expect(result.message.subject).toBe('odd part');
    expect(result.message.text).toBe('x');
    expect(result.message.parseNotes![0]).toContain('a header field is longer than');
  });

  it('salvages a message with more MIME parts than the limit: its first text parts, and how many parts there were', async () => {
    let s = 'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="w"\r\n\r\n';
    for (let i = 0; i < PARSE_LIMITS.maxParts + 5; i++) s += `--w\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`;
    const result = await parseMessage(Buffer.from(s + '--w--\r\n'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.message.text).toMatch(/^part 0\n\npart 1\n\n/);
    expect(result.message.parseNotes![0]).toContain(`it has ${PARSE_LIMITS.maxParts + 6} MIME parts`);
    expect(result.message.partTypes.length).toBeLessThanOrEqual(PARSE_LIMITS.maxParts);
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
      headers: { from: { address: 'big@example.com' }, subject: 'big', date: undefined, messageId: undefined },
    });
    expect((await parseMessage(raw, { maxBytes: 1 * MB })).ok).toBe(true);
  });

  it('stops a parse that runs past its time limit, keeps the text and says what was left out', async () => {
    const result = await parseMessage(base64Message(12 * MB), { timeoutMs: 1 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.message.text).toBe('see attachment');
    expect(result.message.attachments).toEqual([]);
    expect(result.message.parseNotes![0]).toContain('reading it took longer than 1 ms');
    expect(result.message.parseNotes![0]).toContain('Left out: 1 other MIME part');
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
