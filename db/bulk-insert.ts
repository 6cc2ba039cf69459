// Multi-row inserts handed straight to the driver. Ingestion writes hundreds of rows per batch, and the
// query builder's cost grows with the parameter count: a profile of 2,000 messages spent more time
// building insert statements (drizzle's sqlToQuery) than in any other code on the main thread. Here the
// statement text is a plain string, values are mapped by each column's own driver mapping (jsonb,
// timestamps, arrays), and the rows are sent in chunks under PostgreSQL's parameter limit.
// Row-level security applies as to any statement of the transaction (same connection, same role).
// A statement is on its way when bulkInsert returns its promise, so writes that do not need each other's
// answers can be started one after the other and awaited together (one round trip, not one each).
import { getTableColumns, getTableName, type Column } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './client';

/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMS = 60_000;

type Driver = {
  unsafe?: (text: string, params: unknown[]) => Promise<unknown[]>;
  query?: (text: string, params: unknown[]) => Promise<{ rows: unknown[] }>;
};

/** The transaction's own connection (postgres.js `unsafe`, PGlite `query`). */
async function run(tx: Tx, text: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  const client = (tx as unknown as { session: { client: Driver } }).session.client;
  if (client.unsafe) return (await client.unsafe(text, params)) as Record<string, unknown>[];
  return (await client.query!(text, params)).rows as Record<string, unknown>[];
}

function toDriver(column: Column, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const mapped = column.mapToDriverValue(value);
  // postgres.js sends a Date as is (drizzle makes its timestamp serializer pass values through).
  return mapped instanceof Date ? mapped.toISOString() : mapped;
}

/**
 * Inserts `rows` (keys as in the table's TypeScript definition; a key missing from a row takes the
 * column's default). Returns the `returning` columns of the inserted rows, keyed as given.
 */
export async function bulkInsert<T extends PgTable>(
  tx: Tx,
  table: T,
  rows: T['$inferInsert'][],
  opts: { onConflictDoNothing?: boolean; returning?: (keyof T['$inferSelect'] & string)[] } = {},
): Promise<Record<string, unknown>[]> {
  if (!rows.length) return [];
  const columns = getTableColumns(table) as Record<string, Column>;
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => columns[k]);
  const names = keys.map((k) => `"${columns[k].keyAsName ? toSnakeCase(k) : columns[k].name}"`).join(', ');
  const returning = opts.returning?.length
    ? ` returning ${opts.returning.map((k) => `"${toSnakeCase(k)}" as "${k}"`).join(', ')}`
    : '';
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / keys.length));
  // Every statement is sent before any answer is awaited: the driver pipelines them on the
  // transaction's connection, in this order, and a caller's next statements queue behind them.
  const sent: Promise<Record<string, unknown>[]>[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of rows.slice(start, start + perStatement) as Record<string, unknown>[]) {
      const slots = keys.map((k) => {
        if (!(k in row) || row[k] === undefined) return 'default';
        params.push(toDriver(columns[k], row[k]));
        return `$${params.length}`;
      });
      tuples.push(`(${slots.join(', ')})`);
    }
    const text =
      `insert into "${getTableName(table)}" (${names}) values ${tuples.join(', ')}` +
      (opts.onConflictDoNothing ? ' on conflict do nothing' : '') +
      returning;
    sent.push(run(tx, text, params));
  }
  return (await Promise.all(sent)).flat();
}
