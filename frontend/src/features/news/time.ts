import { useTranslation } from 'react-i18next';

const TIME_ZONE = 'Europe/Paris';

/** "il y a 5 minutes", "hier"; beyond a week, the date (Rouen's). */
export function useTimeAgo() {
  const { i18n } = useTranslation();
  return (iso: string, now: number = Date.now()): string => {
    const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
    const format = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' });
    const abs = Math.abs(seconds);
    if (abs < 60) return format.format(seconds, 'second');
    if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
    if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
    if (abs < 7 * 86400) return format.format(Math.round(seconds / 86400), 'day');
    return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: TIME_ZONE }).format(new Date(iso));
  };
}

/** The full date and time, in Rouen's time. */
export function useDateTime() {
  const { i18n } = useTranslation();
  return (iso: string): string => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(iso));
}
