'use server';
// What changed on a case since a tab rendered it: its status and assignee, the order of its history, and
// the entries the tab lacks or holds in an older revision, rendered (and nothing else of the page).
import { z } from 'zod';
import { appOrigin } from '@/app/_lib/app-origin';
import { defineAction } from '@/lib/auth/define-action';
import { getCaseByNumber } from '@/lib/cases/queries/get-case';
import { listMembers } from '@/lib/members/list-members';
import { renderHistoryEntries } from './history-entries';

const knownEntries = z
  .string()
  .max(200_000)
  .transform((s) => new Map(s ? s.split(',').map((pair) => pair.split(':') as [string, string]) : []));

export const caseChangesAction = defineAction(
  {
    auth: 'tenant',
    schema: z.object({
      number: z.coerce.number().int().positive(),
      /** "id:rev,id:rev…" of the entries the tab shows. */
      known: knownEntries,
      images: z.string().max(10_000).default(''),
    }),
  },
  async (input, { tx, tenant, user }) => {
    const c = await getCaseByNumber(tx, input.number, { forDisplay: true });
    const members = await listMembers(tx);
    const entries = renderHistoryEntries(
      {
        tenantId: tenant.id,
        slug: tenant.slug,
        number: c.number,
        origin: await appOrigin(),
        memberLabel: new Map(members.map((m) => [m.userId, m.name || m.email])),
        showImagesFor: new Set(input.images.split(',').filter(Boolean)),
        currentUserId: user.id,
      },
      c.messages,
      input.known,
    );
    return { status: c.status, assigneeId: c.assigneeId, order: c.messages.map((m) => m.id), entries };
  },
);
