// --limit N for list commands: a positive whole number, default 50.
import { UsageError } from '../registry';

export const DEFAULT_CLI_LIMIT = 50;

export function parseLimitFlag(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CLI_LIMIT;
  if (!/^[1-9][0-9]{0,8}$/.test(value.trim()))
    throw new UsageError(`--limit must be a positive whole number, not "${value}".`);
  return Number(value.trim());
}
