// The collision notice (lib/workspace/case-presence.ts) against real PostgreSQL: an agent writing a reply is
// named to the others on that case — not to themself, not on another case — until their time runs out.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { casePresence } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { updateProfileName } from '@/lib/auth/update-profile-name';
import { announceReplying, listReplying } from '@/lib/workspace/case-presence';
import { receiveBuiltMail } from '@/tests/helpers/receive-built-mail';
import { makeMailboxRow } from '@/tests/helpers/receive-mail';
import { makeTenant } from '@/tests/helpers/tenant';

describe('who is replying', () => {
  it('names the agent writing a reply to the others on that case until it expires', async () => {
    const t = await makeTenant('presence');
    const mailbox = await makeMailboxRow(t.tenantId);
    const receive = async (subject: string) =>
      (
        (await receiveBuiltMail(t.tenantId, mailbox, { from: 'c@customer.example', subject, text: subject })) as {
          caseNumber: number;
        }
      ).caseNumber;
    const one = await receive('one');
    const two = await receive('two');
    await withSystem((tx) => updateProfileName(tx, { userId: t.ownerUserId, input: { name: 'Ana Agent' } }));
    const someoneElse = '00000000-0000-4000-8000-000000000000';
    const list = (number: number, exceptUserId: string) =>
      withTenant(t.tenantId, (tx) => listReplying(tx, { number, exceptUserId }));

    await withTenant(t.tenantId, (tx) =>
      announceReplying(tx, { tenantId: t.tenantId, userId: t.ownerUserId, number: one }),
    );
    expect(await list(one, someoneElse)).toEqual(['Ana Agent']);
    expect(await list(one, t.ownerUserId)).toEqual([]);
    expect(await list(two, someoneElse)).toEqual([]);

    await withTenant(t.tenantId, (tx) =>
      tx
        .update(casePresence)
        .set({ until: sql`now() - interval '1 second'` })
        .where(eq(casePresence.tenantId, t.tenantId)),
    );
    expect(await list(one, someoneElse)).toEqual([]);
    await expect(list(999_999, someoneElse)).rejects.toThrow('There is no case #999999.');
  });
});
