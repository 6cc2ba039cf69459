'use client';
// The agent's saved views (their own, kept across sign-ins): links to the list with a stored query, a
// form to save the current one under a name, and a delete per view.
import Link from 'next/link';
import { useActionState } from 'react';
import type { SavedView } from '@/lib/workspace/saved-views';
import { deleteViewAction, saveViewAction } from './actions';

export function SavedViews({ slug, views, current }: { slug: string; views: SavedView[]; current: string }) {
  const [saveState, save] = useActionState(saveViewAction, null);
  const [deleteState, remove] = useActionState(deleteViewAction, null);
  const error =
    (saveState && !saveState.ok && saveState.error) || (deleteState && !deleteState.ok && deleteState.error);
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="saved-views">
      {views.map((v) => {
        const active = v.query === current;
        return (
          <span
            key={v.id}
            className={`inline-flex items-center rounded-full ring-1 ring-inset ${active ? 'bg-indigo-50 ring-indigo-300' : 'bg-white ring-slate-200'}`}
          >
            <Link
              href={`/t/${slug}/cases${v.query ? `?${v.query}` : ''}`}
              aria-current={active ? 'page' : undefined}
              className="py-0.5 pl-3 pr-1 text-indigo-800 hover:underline"
              data-testid="saved-view"
            >
              {v.name}
            </Link>
            <form action={remove}>
              <input type="hidden" name="slug" value={slug} />
              <input type="hidden" name="id" value={v.id} />
              <button
                type="submit"
                className="px-2 text-slate-400 hover:text-red-700"
                aria-label={`Delete the view ${v.name}`}
              >
                ×
              </button>
            </form>
          </span>
        );
      })}
      <details className="inline-block">
        <summary className="cursor-pointer text-indigo-700 hover:underline">Save this view</summary>
        <form action={save} className="mt-1 flex gap-1">
          <input type="hidden" name="slug" value={slug} />
          <input type="hidden" name="query" value={current} />
          <label htmlFor="saved-view-name" className="sr-only">
            View name
          </label>
          <input
            id="saved-view-name"
            name="name"
            required
            maxLength={60}
            placeholder="View name"
            className="w-40 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-50">
            Save
          </button>
        </form>
      </details>
      {error ? (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      ) : null}
    </div>
  );
}
