import { useTranslation } from 'react-i18next';
import type { Condition } from '../../api/weather';

export const TIME_ZONE = 'Europe/Paris';

const EMOJI: Record<Condition, string> = {
  clear: '☀️',
  partly_cloudy: '⛅',
  cloudy: '☁️',
  fog: '🌫️',
  drizzle: '🌦️',
  rain: '🌧️',
  freezing_rain: '🧊',
  snow: '❄️',
  showers: '🌦️',
  snow_showers: '🌨️',
  thunderstorm: '⛈️',
};

/** The picture of a condition; a clear night shows the moon. */
export function conditionEmoji(condition: Condition, isDay = true): string {
  return condition === 'clear' && !isDay ? '🌙' : EMOJI[condition];
}

/** The i18n key of a condition's name. */
export function conditionKey(condition: Condition, isDay = true): string {
  return condition === 'clear' && !isDay ? 'weather.condition.clear_night' : `weather.condition.${condition}`;
}

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

/** 220° → `SW`: one of the eight compass points. */
export function compassPoint(degrees: number): (typeof COMPASS)[number] {
  const index = Math.round((((degrees % 360) + 360) % 360) / 45) % 8;
  return COMPASS[index] ?? 'N';
}

/** Numbers, times and days in the reader's language and Rouen's time zone. */
export function useWeatherFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const number = (value: number, digits = 0) => new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
  return {
    temperature: (c: number) => `${number(Math.round(c))} °C`,
    speed: (kmh: number) => `${number(Math.round(kmh))} km/h`,
    percent: (pct: number) => `${number(Math.round(pct))} %`,
    millimetres: (mm: number) => `${number(mm, 1)} mm`,
    hour: (iso: string) => new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }).format(new Date(iso)),
    dayHour: (iso: string) => new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }).format(new Date(iso)),
    dateTime: (iso: string) => new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }).format(new Date(iso)),
    /** A `YYYY-MM-DD` Paris day: "lundi 30 novembre". Noon UTC keeps it on the same day in Paris. */
    day: (date: string) => new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', timeZone: TIME_ZONE }).format(new Date(`${date}T12:00:00Z`)),
  };
}

/** Today's `YYYY-MM-DD` in Rouen. */
export function parisToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
