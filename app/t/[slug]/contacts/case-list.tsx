// The cases of a contact or an organisation (server-rendered), with a "next page" link (keyset cursor).
import Link from 'next/link';
import { DisplayText, LIST_TEXT_MAX } from '@/app/_components/display-text';
import { formatDate } from '@/app/_components/format-date';
import { StatusBadge } from '@/app/_components/status-badge';
import type { CaseView } from '@/lib/cases/queries/case-view';

export function CaseList({
  slug,
  items,
  nextHref,
  showRequester = false,
}: {
  slug: string;
  items: CaseView[];
  nextHref: string | null;
  showRequester?: boolean;
}) {
  if (!items.length) return <p className="text-sm text-slate-600">No cases.</p>;
  return (
    <div className="space-y-2">
      <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm" aria-label="Cases">
        {items.map((c) => (
          <li key={c.number} className="flex flex-wrap items-center gap-3 p-3 text-sm" data-testid="contact-case">
            <Link href={`/t/${slug}/cases/${c.number}`} className="font-medium text-indigo-700 hover:underline">
              #{c.number}
            </Link>
            <span className="min-w-0 flex-1 break-words text-slate-900">
              <DisplayText text={c.subject} max={LIST_TEXT_MAX} />
            </span>
            {showRequester ? <span className="text-slate-600">{c.requester.email}</span> : null}
            <StatusBadge status={c.status} />
            <span className="text-slate-500">{formatDate(new Date(c.lastActivityAt))}</span>
          </li>
        ))}
      </ul>
      {nextHref ? (
        <Link href={nextHref} className="text-sm text-indigo-700 underline">
          Older cases
        </Link>
      ) : null}
    </div>
  );
}
