const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** "4 Mar 2026, 10:15:03 CET": ledger instants with seconds and the zone, in the staff member's locale. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** "4 Mar 2026": for publication dates and key creation, where the time adds little. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

/** The browser's time zone name, for labels of datetime-local fields. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The value a datetime-local input shows for `date` in local time ("2026-03-04T10:15"). */
export function toLocalInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The instant a datetime-local value ("2026-03-04T10:15", local time) names, as ISO-8601 UTC;
 * null when it is empty or not a date.
 */
export function fromLocalInputValue(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null;
  // A date-time form without an offset is local time (ECMA-262 Date.parse).
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
