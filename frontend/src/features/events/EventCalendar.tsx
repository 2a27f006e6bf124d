import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useEventCalendar, type EventView } from '../../api/events';
import { toProblem } from '../../api/problem';
import { useSession } from '../../api/session';
import { addDays, addMonths, daysOfMonth, formatDay, formatTime, isMonth, monthOf, parisDate, weekdayIndex, weekdayNames } from './dates';
import styles from './Events.module.css';
import { useMediaQuery } from './useMediaQuery';

const NARROW = '(max-width: 40rem)';

/**
 * A month of events, Monday first: a grid on wide screens (arrow keys move between days, Tab goes to a
 * day's events), the days that have events as a list on phones. The month (`?month=YYYY-MM`) and "my
 * events only" (`?mine=true`) are in the address.
 */
export function EventCalendar({ category, today = parisDate(new Date()) }: { category?: string; today?: string }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const [params, setParams] = useSearchParams();
  const signedIn = useSession((s) => s.status === 'signedIn');
  const monthParam = params.get('month');
  const month = isMonth(monthParam) ? monthParam : monthOf(today);
  const mine = signedIn && params.get('mine') === 'true';
  const query = useEventCalendar(month, { category, mine });
  const narrow = useMediaQuery(NARROW);
  const byDay = new Map((query.data?.days ?? []).map((d) => [d.date, d.items]));
  const set = (key: string, value: string | null) => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  };
  const setMonth = (m: string) => {
    set('month', m);
  };
  return (
    <section className={styles.calendar} aria-labelledby={titleId}>
      <div className={styles.calendarBar}>
        <button
          type="button"
          className={styles.navButton}
          aria-label={t('events.calendar.previous')}
          onClick={() => {
            setMonth(addMonths(month, -1));
          }}
        >
          <span aria-hidden="true">‹</span>
        </button>
        <h2 id={titleId} aria-live="polite" className={styles.monthTitle}>
          {formatDay(`${month}-01`, i18n.language, { month: 'long', year: 'numeric' })}
        </h2>
        <button
          type="button"
          className={styles.navButton}
          aria-label={t('events.calendar.next')}
          onClick={() => {
            setMonth(addMonths(month, 1));
          }}
        >
          <span aria-hidden="true">›</span>
        </button>
        {month !== monthOf(today) ? (
          <button
            type="button"
            className={styles.more}
            onClick={() => {
              setMonth(monthOf(today));
            }}
          >
            {t('events.calendar.thisMonth')}
          </button>
        ) : null}
        {signedIn ? (
          <button
            type="button"
            className={styles.toggle}
            aria-pressed={mine}
            onClick={() => {
              set('mine', mine ? null : 'true');
            }}
          >
            {t('events.calendar.mine')}
          </button>
        ) : null}
      </div>
      {query.isPending ? <p role="status">{t('common.loading')}</p> : null}
      {query.isError ? <p role="alert">{t(`errors.${toProblem(query.error).code}`, { defaultValue: t('errors.unexpected_error') })}</p> : null}
      {narrow ? (
        <Agenda month={month} today={today} byDay={byDay} labelledBy={titleId} />
      ) : (
        <MonthGrid month={month} today={today} byDay={byDay} labelledBy={titleId} onMonthChange={setMonth} />
      )}
      {query.isSuccess && query.data.days.length === 0 ? <p>{mine ? t('events.calendar.emptyMine') : t('events.calendar.empty')}</p> : null}
    </section>
  );
}

function eventLabel(e: EventView, t: (key: string) => string): string {
  return e.status === 'scheduled' ? e.title : `${e.title} (${t(`events.status.${e.status}`)})`;
}

const MOVES: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };

function MonthGrid({ month, today, byDay, labelledBy, onMonthChange }: { month: string; today: string; byDay: Map<string, EventView[]>; labelledBy: string; onMonthChange: (month: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const days = daysOfMonth(month);
  const first = days[0] ?? `${month}-01`;
  const cells: (string | null)[] = [...Array<null>(weekdayIndex(first)).fill(null), ...days];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const short = weekdayNames(lang, 'short');
  const long = weekdayNames(lang, 'long');
  const [focused, setFocused] = useState<string | null>(null);
  const active = focused && monthOf(focused) === month ? focused : monthOf(today) === month ? today : first;
  const table = useRef<HTMLTableElement>(null);
  const moveFocus = useRef(false);
  useEffect(() => {
    // Into another month, the day's cell exists only once the address has changed: wait for it.
    const cell = moveFocus.current ? table.current?.querySelector<HTMLElement>(`[data-date="${active}"]`) : null;
    if (!cell || active !== focused) return;
    moveFocus.current = false;
    cell.focus();
  });
  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (!(e.target instanceof HTMLElement) || e.target.getAttribute('role') !== 'gridcell') return;
    const weekday = weekdayIndex(active);
    let next: string | null = null;
    const step = MOVES[e.key];
    if (step !== undefined) next = addDays(active, step);
    else if (e.key === 'Home') next = addDays(active, -weekday);
    else if (e.key === 'End') next = addDays(active, 6 - weekday);
    else if (e.key === 'PageUp' || e.key === 'PageDown') {
      const target = addMonths(month, e.key === 'PageUp' ? -1 : 1);
      const last = daysOfMonth(target).at(-1) ?? `${target}-01`;
      const wanted = `${target}-${active.slice(8)}`;
      next = wanted > last ? last : wanted;
    }
    if (next === null) return;
    e.preventDefault();
    setFocused(next);
    moveFocus.current = true;
    if (monthOf(next) !== month) onMonthChange(monthOf(next));
  };
  return (
    <table ref={table} role="grid" aria-labelledby={labelledBy} className={styles.grid} onKeyDown={onKeyDown}>
      <thead>
        <tr>
          {short.map((name, i) => (
            <th key={name} scope="col" abbr={long[i]}>
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week.find((d) => d !== null) ?? ''}>
            {week.map((day, i) => {
              if (day === null) return <td key={`pad-${String(i)}`} className={styles.pad} />;
              const items = byDay.get(day) ?? [];
              const isToday = day === today;
              return (
                <td
                  key={day}
                  role="gridcell"
                  data-date={day}
                  tabIndex={day === active ? 0 : -1}
                  aria-current={isToday ? 'date' : undefined}
                  className={`${styles.day} ${isToday ? styles.today : ''} ${items.length > 0 ? styles.busy : ''}`}
                  onFocus={(e) => {
                    if (e.target === e.currentTarget) setFocused(day);
                  }}
                >
                  <span className={styles.dayNumber} aria-hidden="true">
                    {Number(day.slice(8))}
                  </span>
                  <span className="visually-hidden">
                    {formatDay(day, lang, { weekday: 'long', day: 'numeric', month: 'long' })}
                    {isToday ? ` (${t('events.calendar.today')})` : ''}
                  </span>
                  {items.length > 0 ? (
                    <ul className={styles.dayEvents}>
                      {items.map((e) => (
                        <li key={e.id} data-status={e.status}>
                          <Link to={`/events/${encodeURIComponent(e.id)}`}>{eventLabel(e, t)}</Link>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Agenda({ month, today, byDay, labelledBy }: { month: string; today: string; byDay: Map<string, EventView[]>; labelledBy: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const days = daysOfMonth(month).filter((d) => (byDay.get(d)?.length ?? 0) > 0);
  if (days.length === 0) return null;
  return (
    <ol className={styles.agenda} aria-labelledby={labelledBy}>
      {days.map((day) => (
        <li key={day} aria-current={day === today ? 'date' : undefined} className={day === today ? styles.today : undefined}>
          <h3>
            {formatDay(day, lang, { weekday: 'long', day: 'numeric', month: 'long' })}
            {day === today ? ` · ${t('events.calendar.today')}` : ''}
          </h3>
          <ul>
            {(byDay.get(day) ?? []).map((e) => (
              <li key={e.id} data-status={e.status}>
                {!e.all_day && parisDate(e.starts_at) === day ? <time dateTime={e.starts_at}>{formatTime(e.starts_at, lang)}</time> : null}{' '}
                <Link to={`/events/${encodeURIComponent(e.id)}`}>{eventLabel(e, t)}</Link>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
