import { useTranslation } from 'react-i18next';
import { TIME_ZONE } from '../events/dates';
import type { Departure, TransitMode } from '../../api/transit';

/** The order the lines page shows its modes in: the heaviest first. */
export const MODE_ORDER: readonly TransitMode[] = ['metro', 'brt', 'tram', 'bus', 'ferry', 'rail', 'lift', 'on_demand'];

/** Where the home widget looks when the resident has chosen nothing: Théâtre des Arts. */
export const DEFAULT_STOP = { id: 'TARTS', name: 'Théâtre des Arts' } as const;

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** `#RGB` or `#RRGGBB` (with or without `#`) as [r, g, b]; null when it is not a colour. */
export function parseHex(color: string): [number, number, number] | null {
  const hex = color.trim().replace(/^#/, '');
  const full = /^[0-9a-f]{3}$/i.test(hex) ? hex.replace(/./g, (c) => c + c) : hex;
  if (!/^[0-9a-f]{6}$/i.test(full)) return null;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance([r, g, b]: [number, number, number]): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The WCAG contrast ratio of two colours (1 to 21). */
export function contrastRatio(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const FALLBACK_BACKGROUND = '#5A6472';
const FALLBACK_RGB: [number, number, number] = [0x5a, 0x64, 0x72];

/**
 * A badge's colours: the line's own, unless its text colour is missing or too faint on it (under
 * 4.5:1), in which case black or white, whichever reads better.
 */
export function badgeColors(color: string, textColor: string): { background: string; color: string } {
  const bg = parseHex(color);
  const background = bg ? `#${color.trim().replace(/^#/, '')}` : FALLBACK_BACKGROUND;
  const bgRgb = bg ?? FALLBACK_RGB;
  const fg = parseHex(textColor);
  if (fg && contrastRatio(bgRgb, fg) >= 4.5) return { background, color: `#${textColor.trim().replace(/^#/, '')}` };
  const black = contrastRatio(bgRgb, [0, 0, 0]);
  const white = contrastRatio(bgRgb, [255, 255, 255]);
  return { background, color: white >= black ? '#FFFFFF' : '#000000' };
}

/** When a departure actually leaves: the real-time estimate when there is one. */
export function departureTime(departure: Departure): string {
  return departure.expected_at ?? departure.scheduled_at;
}

/** Whole minutes from `now` until `iso` (0 when it is due or just gone). */
export function minutesUntil(iso: string, now: number): number {
  return Math.max(0, Math.floor((new Date(iso).getTime() - now) / 60_000));
}

/** Minutes late (positive) or early (negative), by the real-time estimate; 0 without one. */
export function delayMinutes(departure: Departure): number {
  if (!departure.expected_at) return 0;
  return Math.round((new Date(departure.expected_at).getTime() - new Date(departure.scheduled_at).getTime()) / 60_000);
}

/** Departures that have not left more than a minute ago (the board may lag the clock by one refresh). */
export function upcoming(departures: Departure[], now: number): Departure[] {
  return departures.filter((d) => new Date(departureTime(d)).getTime() >= now - 60_000);
}

const PARIS_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function parisParts(instant: number): Record<string, number> {
  return Object.fromEntries(
    PARIS_PARTS.formatToParts(new Date(instant))
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
}

/** How far Rouen's clock is ahead of UTC at an instant, in ms. */
function parisOffset(instant: number): number {
  const p = parisParts(instant);
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** A Rouen wall-clock date (`YYYY-MM-DD`) and time (`HH:MM`) as an RFC 3339 UTC instant. */
export function parisInstant(date: string, time: string): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const [hh = 0, mm = 0] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let utc = wall - parisOffset(wall);
  const again = wall - parisOffset(utc);
  if (again !== utc) utc = again;
  return new Date(utc).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The time (`HH:MM`) in Rouen of an instant. */
export function parisTime(instant: Date): string {
  const p = parisParts(instant.getTime());
  return `${String(p.hour ?? 0).padStart(2, '0')}:${String(p.minute ?? 0).padStart(2, '0')}`;
}

export function isTime(value: string | null): value is string {
  return value !== null && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** Formatters of the transport pages, in the resident's language and Rouen's time. */
export function useTransitFormat() {
  const { t, i18n } = useTranslation();
  const timeFormat = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE });
  const oneDecimal = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  return {
    time: (iso: string): string => timeFormat.format(new Date(iso)),
    duration: (seconds: number): string => {
      const minutes = Math.max(0, Math.round(seconds / 60));
      if (minutes < 60) return t('transit.format.minutes', { count: minutes });
      return t('transit.format.hours', { h: Math.floor(minutes / 60), m: String(minutes % 60).padStart(2, '0') });
    },
    distance: (metres: number): string =>
      metres < 1000 ? t('transit.format.metres', { count: Math.round(metres) }) : t('transit.format.kilometres', { km: oneDecimal.format(metres / 1000) }),
  };
}
