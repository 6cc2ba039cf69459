'use client';
// j/k move through the list, Enter opens the selected case (never while typing in a field).
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)));
}

export function ListShortcuts({ hrefs }: { hrefs: string[] }) {
  const router = useRouter();
  const index = useRef(-1);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      const links = [...document.querySelectorAll<HTMLAnchorElement>('[data-testid="case-link"]')];
      if (!links.length) return;
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        const current = links.indexOf(document.activeElement as HTMLAnchorElement);
        const from = current >= 0 ? current : index.current;
        index.current = Math.max(0, Math.min(links.length - 1, from + (e.key === 'j' ? 1 : -1)));
        links[index.current].focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router, hrefs]);
  return null;
}
