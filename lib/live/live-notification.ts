// The NOTIFY payloads on the `caseflow_live` channel, parsed at the one place they enter the app.
// Changes come from the triggers on cases / case_messages (caseflow_publish_live); a sign-out comes from
// endLiveSession; every stream of a user (sign out everywhere, password change or reset), or of a user in
// one tenant (removed from it), from endUserLiveStreams. Anything else on the channel is ignored.
import { z } from 'zod';

export const LIVE_CHANNEL = 'caseflow_live';

export type LiveEvent = { id: number; number: number | null; kind: 'case' | 'message' | 'resync' };

const eventTuple = z
  .tuple([z.number().int().positive(), z.number().int().positive().nullable(), z.enum(['case', 'message', 'resync'])])
  .transform(([id, number, kind]): LiveEvent => ({ id, number, kind }));

const notificationSchema = z.union([
  z
    .object({ t: z.uuid(), e: z.array(eventTuple).min(1) })
    .transform((n) => ({ kind: 'changes' as const, tenantId: n.t, events: n.e })),
  z
    .object({ s: z.string().regex(/^[0-9a-f]{64}$/) })
    .transform((n) => ({ kind: 'session-ended' as const, sessionKey: n.s })),
  z
    .object({ u: z.uuid(), t: z.uuid().optional() })
    .transform((n) => ({ kind: 'user-ended' as const, userId: n.u, tenantId: n.t ?? null })),
]);

export type LiveNotification = z.output<typeof notificationSchema>;

export function parseLiveNotification(payload: string): LiveNotification | null {
  try {
    const parsed = notificationSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
