// Opaque keyset cursors: base64url JSON of the last row's sort key, tagged with the list it belongs to.
// Timestamps travel as Postgres text with microseconds: a JS Date (milliseconds) would skip or repeat rows.
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { AppError } from '@/lib/errors';

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
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = cursorShape.safeParse(parsed);
  if (!result.success || result.data[0] !== list || result.data.length !== size + 1) {
    throw new AppError('validation', 'cursor: not a cursor from this list. Start again without one.');
  }
  return result.data.slice(1);
}

/** A timestamptz column as UTC text with microseconds, the form cursors carry. */
export function timestampKey(column: PgColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
