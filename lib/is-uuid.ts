// One check for "is this a UUID" before an id from a URL or a form reaches a uuid column (Postgres
// would otherwise answer a malformed id with an error instead of "not found").
import { z } from 'zod';

const uuidSchema = z.uuid();

export function isUuid(value: unknown): value is string {
  return uuidSchema.safeParse(value).success;
}
