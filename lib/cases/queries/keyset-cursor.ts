// Opaque keyset cursors: base64url JSON of the last row's sort key, tagged with the list it belongs to.
// Timestamps travel as Postgres text with microseconds: a JS Date (milliseconds) would skip or repeat rows.
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { AppError, isAppError } from '@/lib/errors';

/**
 * A real instant in the form timestampKey() writes. The shape alone let month 99 or year 0000
 * through to PostgreSQL, whose cast error used to answer 500.
 */
export const timestampText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
  .refine((text) => {
    const [y, mo, d, h, mi, s] = text.split(/[-T:.Z]/).map(Number);
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    return (
      y >= 1000 &&
      date.getUTCFullYear() === y &&
      date.getUTCMonth() === mo - 1 &&
      date.getUTCDate() === d &&
      date.getUTCHours() === h &&
      date.getUTCMinutes() === mi &&
      date.getUTCSeconds() === s
    );
  });
const keyPart = z.union([timestampText, z.uuid()]);
const cursorShape = z.tuple([z.string().min(1).max(20)]).rest(keyPart);

export function encodeKeysetCursor(list: string, key: string[]): string {
  return Buffer.from(JSON.stringify([list, ...key]), 'utf8').toString('base64url');
}

/** The sort key inside a cursor made by encodeKeysetCursor(list, …) with `size` parts. */
export function decodeKeysetCursor(list: string, cursor: string, size: number): string[] {
  const parts = readKeysetCursor(cursor, cursorShape, 'list');
  if (parts[0] !== list || parts.length !== size + 1) throw cursorError('list');
  return parts.slice(1);
}

/** A cursor's parts checked against `shape` (the list's tag first); a foreign or tampered one is a validation error. */
export function readKeysetCursor<S extends z.ZodType>(cursor: string, shape: S, what: string): z.output<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = shape.safeParse(parsed);
  if (!result.success) throw cursorError(what);
  return result.data;
}

function cursorError(what: string): AppError {
  return new AppError('validation', `cursor: not a cursor from this ${what}. Start again without one.`, {
    field: 'cursor',
  });
}

/** True for the error a stale, tampered or oversized cursor raises, and only for it. */
export function isCursorError(err: unknown): boolean {
  if (!isAppError(err) || err.code !== 'validation') return false;
  const fields = err.details?.fields;
  const onlyCursor =
    Array.isArray(fields) && fields.length > 0 && fields.every((f: { path?: unknown }) => f.path === 'cursor');
  return err.details?.field === 'cursor' || onlyCursor;
}

/** The rows past a cursor's key on an order by (timestamp desc, id desc); no condition without a cursor. */
export function beforeKey(at: PgColumn, id: PgColumn, after: string[] | undefined): SQL | undefined {
  return after ? sql`(${at}, ${id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined;
}

/**
 * One page of `list` from a query that fetched `limit + 1` rows: the first `limit`, and the cursor after the
 * last of them when the extra row shows there are more (`keyOf` gives that row's sort key).
 */
export function keysetPage<R>(
  rows: R[],
  limit: number,
  list: string,
  keyOf: (last: R) => string[],
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeKeysetCursor(list, keyOf(last)) : null };
}

/** A timestamptz column as UTC text with microseconds, the form cursors carry. */
export function timestampKey(column: PgColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
