// A case's history entries rendered on the server, each with a revision: the page renders them all, and
// the live case page (caseChangesAction) renders only those a tab does not have yet or has in an older
// revision (a reply's delivery progress, stored display content), so a change costs one entry's markup.
import { createHash } from 'node:crypto';
import type { ReactNode } from 'react';
import { signInlineImage } from '@/lib/cases/inline-image-token';
import type { CaseMessageView } from '@/lib/cases/queries/load-case-messages';
import { MessageItem } from './message-item';

export type HistoryEntry = { id: string; rev: string; node: ReactNode };

export type HistoryContext = {
  tenantId: string;
  slug: string;
  number: number;
  origin: string;
  memberLabel: Map<string, string>;
  /** Messages whose remote images the reader asked to see (`?images=`). */
  showImagesFor: Set<string>;
  /** The reader: their own queued replies offer "Undo send". */
  currentUserId?: string;
};

export function imagesHref(ctx: HistoryContext, id: string): string {
  return `/t/${ctx.slug}/cases/${ctx.number}?images=${[...ctx.showImagesFor, id].join(',')}#m-${id}`;
}

function authorLabel(ctx: HistoryContext, m: CaseMessageView): string | null {
  return m.authorUserId ? (ctx.memberLabel.get(m.authorUserId) ?? 'a former member') : null;
}

/** Changes whenever anything the entry shows changes. */
export function entryRevision(ctx: HistoryContext, m: CaseMessageView): string {
  const shown = JSON.stringify([m, authorLabel(ctx, m), ctx.showImagesFor.has(m.id)]);
  return createHash('sha256').update(shown).digest('base64url').slice(0, 16);
}

/** Entries of `messages` in order; with `known`, only those whose id and revision the tab lacks. */
export function renderHistoryEntries(
  ctx: HistoryContext,
  messages: CaseMessageView[],
  known?: Map<string, string>,
): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const m of messages) {
    const rev = entryRevision(ctx, m);
    if (known?.get(m.id) === rev) continue;
    out.push({
      id: m.id,
      rev,
      node: (
        <MessageItem
          key={m.id}
          slug={ctx.slug}
          number={ctx.number}
          message={m}
          authorLabel={authorLabel(ctx, m)}
          appOrigin={ctx.origin}
          showImages={ctx.showImagesFor.has(m.id)}
          showImagesHref={imagesHref(ctx, m.id)}
          canUndo={Boolean(ctx.currentUserId) && m.authorUserId === ctx.currentUserId}
          inlineImageUrl={(id) =>
            `${ctx.origin}/api/attachments/inline/${signInlineImage({ tenantId: ctx.tenantId, attachmentId: id })}`
          }
        />
      ),
    });
  }
  return out;
}
