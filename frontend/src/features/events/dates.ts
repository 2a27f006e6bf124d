/**
 * Dates of the events pages, always as Rouen sees them (Europe/Paris). Calendar days are plain
 * `YYYY-MM-DD` strings and months `YYYY-MM`; their arithmetic is done on UTC dates, which have no
 * daylight-saving jumps.
 */

export const TIME_ZONE = 'Europe/Paris';

const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The day (in Rouen) of an instant. */
export function parisDate(instant: Date | string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.year ?? ''}-${p.month ?? ''}-${p.day ?? ''}`;
}

function toUtc(date: string): Date {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + n);
  return fromUtc(d);
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex(date: string): number {
  return (toUtc(date).getUTCDay() + 6) % 7;
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const d = toUtc(`${month}-01`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return fromUtc(d).slice(0, 7);
}

/** Every day of a month, in order. */
export function daysOfMonth(month: string): string[] {
  const days: string[] = [];
  for (let day = `${month}-01`; monthOf(day) === month; day = addDays(day, 1)) days.push(day);
  return days;
}

export function isMonth(value: string | null): value is string {
  return value !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

export function isDate(value: string | null): value is string {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(toUtc(value).getTime()) && fromUtc(toUtc(value)) === value;
}

export const RANGES = ['today', 'weekend', 'week', 'month'] as const;
export type RangePreset = (typeof RANGES)[number];

/** The `from`/`to` of a preset, seen from `today`: the weekend is the coming (or current) Saturday and Sunday. */
export function presetRange(preset: RangePreset, today: string): { from: string; to: string } {
  const weekday = weekdayIndex(today);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'weekend':
      return weekday >= 5 ? { from: today, to: addDays(today, 6 - weekday) } : { from: addDays(today, 5 - weekday), to: addDays(today, 6 - weekday) };
    case 'week':
      return { from: today, to: addDays(today, 6 - weekday) };
    case 'month': {
      const days = daysOfMonth(monthOf(today));
      return { from: today, to: days[days.length - 1] ?? today };
    }
  }
}

/** Formats a calendar day (no time zone shift: the day is already Rouen's). */
export function formatDay(date: string, lang: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' }).format(toUtc(date));
}

export function formatTime(instant: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }).format(new Date(instant));
}

/** Monday first: the short names of the week's days in `lang`. */
export function weekdayNames(lang: string, width: 'short' | 'long' = 'short'): string[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => formatDay(addDays('2024-01-01', i), lang, { weekday: width }));
}

const HOUR = 3_600_000;

export interface Span {
  startDate: string;
  endDate: string;
  /** Covers more than one day (a night that ends after midnight does not). */
  multiDay: boolean;
}

/**
 * The days an event covers. An all-day event's end may be given as the next midnight (exclusive, as in
 * iCalendar) or as the last day's end, in Paris or UTC time: a few hours are taken off the end before
 * reading its day, so all these give the same last day.
 */
export function eventSpan(e: { starts_at: string; ends_at: string | null; all_day: boolean }): Span {
  const startDate = parisDate(e.starts_at);
  if (!e.ends_at) return { startDate, endDate: startDate, multiDay: false };
  const start = new Date(e.starts_at).getTime();
  const end = new Date(e.ends_at).getTime();
  if (e.all_day) {
    const endDate = parisDate(new Date(Math.max(start, end - 3 * HOUR)));
    return { startDate, endDate, multiDay: endDate > startDate };
  }
  const endDate = parisDate(e.ends_at);
  return { startDate, endDate, multiDay: endDate > startDate && end - start >= 24 * HOUR };
}
