// Keyset cursors: one encoder and reader for the cases list and search, and the cases page's test for
// "this cursor is stale" that must not swallow any other failure (it used to turn every error into
// "that page of the list is no longer available" whenever a cursor was present).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  isCursorError,
  readKeysetCursor,
} from '@/lib/cases/queries/keyset-cursor';
import { parseQueryInput, cursorParam } from '@/lib/cases/queries/params';
import { AppError } from '@/lib/errors';

const at = '2026-01-02T03:04:05.123456Z';
const id = '6f1c1a4e-2b1d-4c3e-9f00-0123456789ab';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('keyset cursors', () => {
  it('round-trips a key through the list it was made for', () => {
    expect(decodeKeysetCursor('cases', encodeKeysetCursor('cases', [at, id]), 2)).toEqual([at, id]);
  });

  it('refuses a cursor from another list, of another size, or not base64 JSON, as a cursor error', () => {
    for (const bad of [encodeKeysetCursor('ignored', [at, id]), encodeKeysetCursor('cases', [at]), 'not-a-cursor']) {
      const err = thrown(() => decodeKeysetCursor('cases', bad, 2));
      expect(err).toMatchObject({ code: 'validation' });
      expect(isCursorError(err)).toBe(true);
    }
  });

  it('reads a cursor against a custom shape (the search order travels first)', () => {
    const shape = z.tuple([z.literal('search'), z.enum(['rank', 'recent']), z.string(), z.uuid()]);
    expect(readKeysetCursor(encodeKeysetCursor('search', ['recent', at, id]), shape, 'search')).toEqual([
      'search',
      'recent',
      at,
      id,
    ]);
    expect(isCursorError(thrown(() => readKeysetCursor(encodeKeysetCursor('cases', [at, id]), shape, 'search')))).toBe(
      true,
    );
  });

  it('counts an oversized cursor parameter as a cursor error too', () => {
    const err = thrown(() => parseQueryInput(z.object({ cursor: cursorParam }), { cursor: 'x'.repeat(600) }));
    expect(isCursorError(err)).toBe(true);
  });

  it('does not count any other failure as a cursor error', () => {
    expect(isCursorError(new Error('connection reset'))).toBe(false);
    expect(
      isCursorError(new AppError('validation', 'status: invalid', { fields: [{ path: 'status', message: 'x' }] })),
    ).toBe(false);
    expect(isCursorError(new AppError('not_found', 'Not found.', { field: 'cursor' }))).toBe(false);
  });
});
