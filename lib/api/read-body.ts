// Reads a request body with a size cap and a deadline, before any database transaction opens
// (README "Security"): a client that sends a large body is refused with 413 as soon as it is too
// large, and one that sends it slowly gets 408 at the deadline. Neither holds a connection.
import { AppError } from '@/lib/errors';

export type BodyLimits = { maxBytes: number; timeoutMs: number };

/** The whole body as bytes; AppError('payload_too_large') over `maxBytes`, AppError('request_timeout') past the deadline. */
export async function readBody(request: Request, limits: BodyLimits): Promise<Buffer> {
  const tooLarge = () =>
    new AppError('payload_too_large', `The request body is larger than ${describeBytes(limits.maxBytes)}.`, {
      maxBytes: limits.maxBytes,
    });
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limits.maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new AppError('request_timeout', `The request body did not arrive within ${limits.timeoutMs / 1000} s.`)),
      limits.timeoutMs,
    );
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      size += value.byteLength;
      if (size > limits.maxBytes) throw tooLarge();
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  } catch (err) {
    reader.cancel().catch(() => {});
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, size);
}

function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}
