// The flags the list commands share, each declared once for their `options`: --limit N (a positive whole
// number, default 50) and --json (output is always JSON; the flag is accepted for scripts that pass it).
import { UsageError } from '../registry';

export const LIMIT_FLAG = { limit: { type: 'string' } } as const;
export const JSON_FLAG = { json: { type: 'boolean' } } as const;

export const DEFAULT_CLI_LIMIT = 50;

export function parseLimitFlag(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CLI_LIMIT;
  if (!/^[1-9][0-9]{0,8}$/.test(value.trim()))
    throw new UsageError(`--limit must be a positive whole number, not "${value}".`);
  return Number(value.trim());
}
