// Reads POP3 replies from a byte stream: status lines and dot-terminated multi-line bodies, as exact bytes.
import { Pop3Error } from './pop3-error';

const LF = 0x0a;
const DOT = 0x2e;

export type Pop3Status = { kind: 'ok' | 'err' | 'continue'; text: string };

/** A reply that is not POP3 at all: the session cannot continue. */
export class Pop3ReplyError extends Pop3Error {
  constructor(message: string) {
    super('protocol', message);
  }
}

type Flow = { pause(): void; resume(): void };

/**
 * Fed by the socket (`push`, `fail`), read by the client one reply at a time. Lines are cut at LF and keep their
 * terminator, so a body comes out byte for byte as the server sent it (minus dot-stuffing). When more than
 * `highWaterMark` bytes wait unread (pipelined RETRs while the caller stores a message) the socket is paused.
 */
export class ResponseReader {
  private chunks: Buffer[] = [];
  private head = 0; // offset into chunks[0]
  private size = 0; // unread bytes
  private scanned = 0; // unread bytes known to hold no LF
  private failure?: Pop3Error;
  private wake?: () => void;
  private flow?: Flow;
  private paused = false;

  constructor(private readonly highWaterMark = 8 * 1024 * 1024) {}

  /** The stream to pause/resume for back-pressure (replaced after STLS). */
  setFlow(flow: Flow | undefined) {
    this.flow = flow;
    this.paused = false;
  }

  push(chunk: Buffer) {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size > this.highWaterMark && this.flow && !this.paused) {
      this.paused = true;
      this.flow.pause();
    }
    this.notify();
  }

  /** No more data will come; reads that need more fail with this error (bytes already received can still be read). */
  fail(err: Pop3Error) {
    this.failure ??= err;
    this.notify();
  }

  /** Drops unread bytes (after STLS nothing sent in clear text may be trusted). */
  discard() {
    this.chunks = [];
    this.head = 0;
    this.size = 0;
    this.scanned = 0;
  }

  get buffered(): number {
    return this.size;
  }

  async readStatus(timeoutMs: number): Promise<Pop3Status> {
    const line = await this.readLine(timeoutMs, 64 * 1024);
    const text = line.toString('latin1').replace(/\r?\n$/, '');
    if (text.startsWith('+OK')) return { kind: 'ok', text: text.slice(3).trim() };
    if (text.startsWith('-ERR')) return { kind: 'err', text: text.slice(4).trim() };
    if (text === '+' || text.startsWith('+ ')) return { kind: 'continue', text: text.slice(1).trim() };
    throw new Pop3ReplyError('The server sent a reply that is not POP3.');
  }

  /** A dot-terminated body after +OK, dot-unstuffed, without the final "." line. */
  async readMultiline(timeoutMs: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (;;) {
      const line = await this.readLine(timeoutMs);
      if (line[0] === DOT) {
        if (isTerminator(line)) return Buffer.concat(parts);
        parts.push(line.subarray(1));
      } else {
        parts.push(line);
      }
    }
  }

  /** One line including its LF (or CRLF). `maxLength` guards status lines against a server that never ends one. */
  async readLine(timeoutMs: number, maxLength = Infinity): Promise<Buffer> {
    for (;;) {
      const line = this.takeLine();
      if (line) return line;
      if (this.size > maxLength) throw new Pop3ReplyError('The server sent an overlong reply line.');
      if (this.failure) throw this.failure;
      await this.waitForData(timeoutMs);
    }
  }

  private takeLine(): Buffer | undefined {
    let offset = 0; // bytes from head to the start of chunk i
    for (let i = 0; i < this.chunks.length; i++) {
      const chunk = this.chunks[i];
      const start = i === 0 ? this.head : 0;
      const available = chunk.length - start;
      if (offset + available <= this.scanned) {
        offset += available;
        continue;
      }
      const from = start + Math.max(0, this.scanned - offset);
      const at = chunk.indexOf(LF, from);
      if (at >= 0) return this.take(offset + (at - start) + 1);
      offset += available;
    }
    this.scanned = this.size;
    return undefined;
  }

  private take(length: number): Buffer {
    let out: Buffer;
    const first = this.chunks[0];
    if (first.length - this.head >= length) {
      out = first.subarray(this.head, this.head + length);
      this.head += length;
    } else {
      const pieces: Buffer[] = [];
      let need = length;
      while (need > 0) {
        const chunk = this.chunks[0];
        const piece = chunk.subarray(this.head, Math.min(chunk.length, this.head + need));
        pieces.push(piece);
        need -= piece.length;
        this.head += piece.length;
        if (this.head === chunk.length && need > 0) {
          this.chunks.shift();
          this.head = 0;
        }
      }
      out = Buffer.concat(pieces, length);
    }
    if (this.chunks.length && this.head === this.chunks[0].length) {
      this.chunks.shift();
      this.head = 0;
    }
    this.size -= length;
    this.scanned = 0;
    if (this.paused && this.size < this.highWaterMark / 2) {
      this.paused = false;
      this.flow?.resume();
    }
    return out;
  }

  private waitForData(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        reject(new Pop3Error('timeout', `The server did not answer within ${Math.round(timeoutMs / 1000)} s.`));
      }, timeoutMs);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private notify() {
    this.wake?.();
  }
}

function isTerminator(line: Buffer): boolean {
  return (line.length === 3 && line[1] === 0x0d && line[2] === LF) || (line.length === 2 && line[1] === LF);
}
