import { useTranslation } from 'react-i18next';
import { eventSpan, formatDay, formatTime } from './dates';

type Timing = { starts_at: string; ends_at: string | null; all_day: boolean };

const SHORT_DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };
const SHORT_RANGE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
const LONG_DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };

/**
 * "sam. 5 déc., 19:00 – 22:00", "du 1 déc. au 4 janv.", "sam. 5 déc., toute la journée": when an event
 * takes place, in the current language and Rouen's time. `long` spells the days out, with the year.
 */
export function useEventWhen(style: 'short' | 'long' = 'short') {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (e: Timing): string => {
    const span = eventSpan(e);
    if (span.multiDay) {
      const options = style === 'long' ? LONG_DAY : SHORT_RANGE;
      let from = formatDay(span.startDate, lang, options);
      let to = formatDay(span.endDate, lang, options);
      if (style === 'long' && !e.all_day && e.ends_at) {
        from = t('events.when.at', { date: from, time: formatTime(e.starts_at, lang) });
        to = t('events.when.at', { date: to, time: formatTime(e.ends_at, lang) });
      }
      return t('events.when.range', { from, to });
    }
    const date = formatDay(span.startDate, lang, style === 'long' ? LONG_DAY : SHORT_DAY);
    if (e.all_day) return t('events.when.allDay', { date });
    const start = formatTime(e.starts_at, lang);
    if (!e.ends_at || e.ends_at === e.starts_at) return t('events.when.at', { date, time: start });
    return t('events.when.timed', { date, start, end: formatTime(e.ends_at, lang) });
  };
}
