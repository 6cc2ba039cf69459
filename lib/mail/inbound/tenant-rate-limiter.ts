// Per-tenant token bucket for inbound SMTP: a tenant whose forwarding addresses receive more than the
// rate per minute is told to try later (451), so one flooded tenant cannot take the listener from the others.
// In memory, per listener: each app instance enforces it on its own share of the traffic.
export class TenantRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one message's token; false when the tenant is over its rate. */
  take(tenantId: string): boolean {
    const t = this.now();
    const b = this.buckets.get(tenantId) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + ((t - b.at) * this.perMinute) / 60_000);
    b.at = t;
    this.buckets.set(tenantId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
