// Per-tenant token bucket for inbound SMTP: a tenant whose forwarding addresses receive more than the
// rate per minute is told to try later (451), so one flooded tenant cannot take the listener from the
// others. The bucket lives in PostgreSQL (inbound_rate_buckets), so every app instance's listener
// draws from the same one: the rate holds however many instances a load balancer spreads the
// connections over. One statement per check: refill by the time since the last take, then take one
// token only if a whole one is there; a refused take leaves the row alone (its refill keeps counting).
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { inboundRateBuckets } from '@/db/schema';
import { withSystem } from '@/db/tenancy';

export class TenantRateLimiter {
  constructor(
    private readonly perMinute: number,
    private readonly db?: Db,
  ) {}

  /** Takes one message's token; false when the tenant is over its rate. Throws when the database is unreachable. */
  async take(tenantId: string): Promise<boolean> {
    const cap = this.perMinute;
    const b = inboundRateBuckets;
    const refilled = sql`least(${cap}::float8, ${b.tokens} + extract(epoch from (clock_timestamp() - ${b.updatedAt})) * ${cap / 60}::float8)`;
    const taken = await withSystem(
      (tx) =>
        tx
          .insert(b)
          .values({ tenantId, tokens: cap - 1, updatedAt: sql`clock_timestamp()` })
          .onConflictDoUpdate({
            target: b.tenantId,
            set: { tokens: sql`${refilled} - 1`, updatedAt: sql`clock_timestamp()` },
            setWhere: sql`${refilled} >= 1`,
          })
          .returning({ tenantId: b.tenantId }),
      this.db,
    );
    return taken.length > 0;
  }
}
