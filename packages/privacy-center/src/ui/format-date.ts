const formatters = new Map<string, Intl.DateTimeFormat>();

/** "29 November 2026 at 15:34" in the person's language and time zone. */
export function formatDateTime(lang: string, iso: string): string {
  let formatter = formatters.get(lang);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' });
    formatters.set(lang, formatter);
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatter.format(date);
}

/** "29 November 2026": for notice publication dates, where the time adds nothing. */
export function formatDate(lang: string, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(lang, { dateStyle: 'long' });
}
