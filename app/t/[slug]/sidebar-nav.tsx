'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export function SidebarNav({ home, links }: { home: string; links: { href: string; label: string }[] }) {
  const pathname = usePathname();
  const all = [{ href: home, label: 'Home' }, ...links];
  return (
    <nav aria-label="Workspace" className="overflow-x-auto px-2 py-1 md:p-2">
      {/* A phone shows one scrolling row of links, not a column pushing the page down. */}
      <ul className="flex gap-1 whitespace-nowrap md:block md:space-y-1">
        {all.map((link) => {
          const active =
            link.href === home ? pathname === home : pathname === link.href || pathname.startsWith(`${link.href}/`);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={active ? 'page' : undefined}
                className={`block rounded-md px-3 py-1.5 text-sm md:py-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
                  active ? 'bg-indigo-50 font-medium text-indigo-800' : 'text-slate-700 hover:bg-slate-100'
                }`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
