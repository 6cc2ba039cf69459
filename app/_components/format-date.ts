// Dates as people read them; UTC so server and client render the same text.
const formatter = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function formatDate(date: Date | null | undefined): string {
  return date ? `${formatter.format(date)} UTC` : '—';
}
