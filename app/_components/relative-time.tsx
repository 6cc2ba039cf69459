'use client';
// "5 min ago" in the reader's own clock, the absolute local date and time on hover. The server renders
// the UTC date (it knows neither the reader's time zone nor their clock); the browser replaces it.
import { useEffect, useState } from 'react';
import { formatDate } from './format-date';

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

export function relativeTime(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'minute') return rtf.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const date = new Date(iso);
  const [shown, setShown] = useState<{ text: string; title: string } | null>(null);
  useEffect(() => {
    const update = () =>
      setShown({
        text: relativeTime(date, new Date()),
        title: date.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'long' }),
      });
    update();
    const timer = setInterval(update, 60_000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [iso]);
  return (
    <time dateTime={iso} title={shown?.title ?? formatDate(date)} className={className} data-testid="relative-time">
      {shown?.text ?? formatDate(date)}
    </time>
  );
}
