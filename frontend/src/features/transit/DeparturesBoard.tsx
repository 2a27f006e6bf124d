import { useTranslation } from 'react-i18next';
import { toProblem } from '../../api/problem';
import { useDepartures, type Departure, type Line } from '../../api/transit';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { AlertList } from './AlertList';
import { LineBadge } from './LineBadge';
import styles from './Transit.module.css';
import { delayMinutes, departureTime, minutesUntil, upcoming, useTransitFormat } from './transitFormat';
import { useNow } from './useNow';

interface LineGroup {
  line: Line;
  departures: Departure[];
}

/** Departures by line, lines in the order of their first departure. */
export function groupByLine(departures: Departure[]): LineGroup[] {
  const groups = new Map<string, LineGroup>();
  for (const d of departures) {
    const group = groups.get(d.line.id);
    if (group) group.departures.push(d);
    else groups.set(d.line.id, { line: d.line, departures: [d] });
  }
  return [...groups.values()];
}

/** "dans 4 min", "à l'approche"; beyond an hour, nothing (the time says it). */
export function useCountdown() {
  const { t } = useTranslation();
  return (iso: string, now: number): string | null => {
    const minutes = minutesUntil(iso, now);
    if (minutes === 0) return t('transit.departures.due');
    if (minutes >= 60) return null;
    return t('transit.departures.in', { count: minutes });
  };
}

/** One departure: when (counting down), real-time or timetable, late, cancelled, platform. */
export function DepartureRow({ departure, now, showLine = false }: { departure: Departure; now: number; showLine?: boolean }) {
  const { t } = useTranslation();
  const format = useTransitFormat();
  const countdown = useCountdown();
  const when = departureTime(departure);
  const delay = delayMinutes(departure);
  const left = departure.cancelled ? null : countdown(when, now);
  return (
    <li className={styles.departure} data-cancelled={departure.cancelled || undefined}>
      {showLine ? <LineBadge line={departure.line} /> : null}
      <span className={styles.headsign}>
        <span aria-hidden="true">→ </span>
        <span className="visually-hidden">{t('transit.departures.towards')} </span>
        {departure.headsign}
      </span>
      <span className={styles.when}>
        {departure.cancelled ? (
          <>
            <s>
              <time dateTime={departure.scheduled_at}>{format.time(departure.scheduled_at)}</time>
            </s>{' '}
            <strong className={styles.cancelled}>{t('transit.departures.cancelled')}</strong>
          </>
        ) : (
          <>
            {left ? <strong className={styles.countdown}>{left}</strong> : null} <time dateTime={when}>{format.time(when)}</time>
            {delay > 0 ? (
              <span className={styles.late}>
                {' '}
                {t('transit.departures.late', { count: delay })}{' '}
                <span className={styles.muted}>
                  ({t('transit.departures.scheduled')} <s>{format.time(departure.scheduled_at)}</s>)
                </span>
              </span>
            ) : null}
            {delay < 0 ? <span className={styles.muted}> {t('transit.departures.early', { count: -delay })}</span> : null}
          </>
        )}
      </span>
      <span className={styles.meta}>
        {departure.realtime ? (
          <span className={styles.realtime}>
            <span aria-hidden="true">◉ </span>
            {t('transit.departures.realtime')}
          </span>
        ) : (
          <span className={styles.muted}>{t('transit.departures.timetable')}</span>
        )}
        {departure.platform ? <span>{t('transit.departures.platform', { platform: departure.platform })}</span> : null}
      </span>
    </li>
  );
}

/** A summary that changes only when the service does: what the live region reads out. */
function useDisruptionSummary() {
  const { t } = useTranslation();
  return (departures: Departure[]): string => {
    const cancelled = departures.filter((d) => d.cancelled).length;
    const late = departures.filter((d) => !d.cancelled && delayMinutes(d) > 0).length;
    if (cancelled === 0 && late === 0) return t('transit.departures.allOnTime');
    return [cancelled ? t('transit.departures.cancelledCount', { count: cancelled }) : null, late ? t('transit.departures.lateCount', { count: late }) : null]
      .filter(Boolean)
      .join(' · ');
  };
}

/**
 * A stop's departures board: its alerts first, then each line's next departures, refreshed every
 * 30 seconds with the countdown moving in between.
 */
export function DeparturesBoard({ stopId, headingLevel = 2 }: { stopId: string; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const message = useMessage();
  const format = useTransitFormat();
  const now = useNow(10_000);
  const board = useDepartures(stopId);
  const summary = useDisruptionSummary();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  if (board.isPending) return <p role="status">{t('common.loading')}</p>;
  if (board.isError) {
    const problem = toProblem(board.error);
    return <p role="alert">{problem.status === 404 ? t('transit.departures.unknownStop') : message(problemMessage(problem))}</p>;
  }
  const { departures, alerts, generated_at } = board.data;
  const next = upcoming(departures, now);
  const groups = groupByLine(next);
  return (
    <div className={styles.board}>
      {alerts.length > 0 ? (
        <section aria-labelledby="transit-stop-alerts" className={styles.alertBox}>
          <Heading id="transit-stop-alerts">{t('transit.alerts.title')}</Heading>
          <AlertList alerts={alerts} labelledBy="transit-stop-alerts" />
        </section>
      ) : null}
      <p className={styles.muted}>
        {t('transit.departures.updated', { time: format.time(generated_at) })}
        {board.isFetching ? ` · ${t('transit.departures.refreshing')}` : ''}
      </p>
      <p role="status" aria-live="polite" aria-atomic="true" className="visually-hidden">
        {summary(next)}
      </p>
      {groups.length === 0 ? <p>{t('transit.departures.none')}</p> : null}
      {groups.map((group) => (
        <section key={group.line.id} className={styles.lineGroup} aria-labelledby={`transit-group-${group.line.id}`}>
          <Heading id={`transit-group-${group.line.id}`} className={styles.groupTitle}>
            <LineBadge line={group.line} /> <span>{group.line.long_name}</span>
          </Heading>
          <ul className={styles.departures}>
            {group.departures.map((d) => (
              <DepartureRow key={`${d.trip_id}-${d.scheduled_at}`} departure={d} now={now} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
