// The workspace name; with more than one workspace, a disclosure listing the others (works without JS).
import Link from 'next/link';

export function TenantSwitcher({
  current,
  tenants,
}: {
  current: { name: string; slug: string };
  tenants: { name: string; slug: string }[];
}) {
  const others = tenants.filter((t) => t.slug !== current.slug);
  if (others.length === 0) {
    return <p className="truncate font-semibold text-slate-900">{current.name}</p>;
  }
  return (
    <details className="group">
      <summary className="flex cursor-pointer list-none items-center justify-between rounded-md font-semibold text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
        <span className="truncate">{current.name}</span>
        <span aria-hidden className="ml-2 text-xs text-slate-500 group-open:rotate-180">
          ▾
        </span>
        <span className="sr-only">Switch workspace</span>
      </summary>
      <ul aria-label="Your workspaces" className="mt-2 space-y-1">
        {others.map((t) => (
          <li key={t.slug}>
            <Link
              href={`/t/${t.slug}`}
              className="block truncate rounded-md px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            >
              {t.name}
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
