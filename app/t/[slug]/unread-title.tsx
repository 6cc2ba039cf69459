'use client';
// The number of my cases with unseen customer mail in the tab's title ("(3) …"), asked every 20 seconds and
// when the tab comes back into view; and, once the agent allows it, a browser notification when that number
// goes up while the tab is in the background.
import { useEffect, useRef, useSyncExternalStore } from 'react';

const POLL_MS = 20_000;
const PERMISSION_EVENT = 'caseflow:notification-permission';

function currentPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function subscribePermission(onChange: () => void): () => void {
  window.addEventListener(PERMISSION_EVENT, onChange);
  return () => window.removeEventListener(PERMISSION_EVENT, onChange);
}

export function UnreadTitle({ slug }: { slug: string }) {
  const last = useRef<number | null>(null);
  const permission = useSyncExternalStore(subscribePermission, currentPermission, () => 'unsupported' as const);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const apply = (count: number) => {
      const base = document.title.replace(/^\(\d+\) /, '');
      document.title = count > 0 ? `(${count}) ${base}` : base;
      const before = last.current;
      last.current = count;
      if (
        before !== null &&
        count > before &&
        document.visibilityState === 'hidden' &&
        typeof Notification !== 'undefined' &&
        Notification.permission === 'granted'
      )
        new Notification('Caseflow', {
          body: `${count} of your cases have new customer mail.`,
          tag: `caseflow-${slug}`,
        });
    };
    const tick = async () => {
      try {
        const res = await fetch(`/t/${slug}/live/unread`, { cache: 'no-store' });
        if (res.ok && !stopped) apply(((await res.json()) as { count: number }).count);
        if (res.status === 404) stopped = true; // signed out or removed: stop asking
      } catch {
        // offline for a moment: the next tick asks again
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    // A page's own title (set on navigation) loses the number: put it back.
    const observer = new MutationObserver(() => {
      if (last.current && !/^\(\d+\) /.test(document.title)) apply(last.current);
    });
    const titleEl = document.querySelector('title');
    if (titleEl) observer.observe(titleEl, { childList: true });
    const onVisible = () => {
      if (document.visibilityState === 'visible' && !stopped) {
        clearTimeout(timer);
        void tick();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
      observer.disconnect();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [slug]);

  if (permission !== 'default') return null;
  return (
    <button
      type="button"
      onClick={() =>
        void Notification.requestPermission().then(() => window.dispatchEvent(new Event(PERMISSION_EVENT)))
      }
      className="hidden text-left text-xs text-indigo-700 hover:underline md:mt-2 md:block"
      data-testid="enable-notifications"
    >
      Turn on browser notifications
    </button>
  );
}
