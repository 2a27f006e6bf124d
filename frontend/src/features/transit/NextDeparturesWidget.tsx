import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDepartures } from '../../api/transit';
import widgetStyles from '../../components/Widget/Widget.module.css';
import { useCountdown } from './DeparturesBoard';
import { useWidgetStop } from './homeStop';
import { LineBadge } from './LineBadge';
import styles from './Transit.module.css';
import { departureTime, upcoming, useTransitFormat } from './transitFormat';
import { useNow } from './useNow';

const SHOWN = 4;

/** Home page: the next departures from the resident's stop (pinned, else last seen, else Théâtre des Arts). */
export function NextDeparturesWidget() {
  const { t } = useTranslation();
  const stop = useWidgetStop();
  const now = useNow(10_000);
  const board = useDepartures(stop.id, 8);
  const format = useTransitFormat();
  const countdown = useCountdown();
  const items = board.data ? upcoming(board.data.departures, now).slice(0, SHOWN) : [];
  const name = board.data?.stop.name ?? stop.name;
  const stopLink = `/transport/stops/${encodeURIComponent(stop.id)}`;
  return (
    <section className={widgetStyles.widget} aria-labelledby="next-departures-title">
      <h2 id="next-departures-title">{t('transit.widget.title')}</h2>
      <p className={widgetStyles.meta}>{t('transit.widget.from', { stop: name })}</p>
      {board.isPending ? <p role="status">{t('common.loading')}</p> : null}
      {board.isError ? <p>{t('transit.widget.unavailable')}</p> : null}
      {board.isSuccess && items.length === 0 ? <p>{t('transit.departures.none')}</p> : null}
      {board.isSuccess && board.data.alerts.length > 0 ? (
        <p className={styles.widgetAlert}>
          <span aria-hidden="true">⚠ </span>
          {t('transit.widget.alerts', { count: board.data.alerts.length })}
        </p>
      ) : null}
      <ul>
        {items.map((d) => {
          const when = departureTime(d);
          return (
            <li key={`${d.trip_id}-${d.scheduled_at}`} className={styles.widgetRow} data-cancelled={d.cancelled || undefined}>
              <LineBadge line={d.line} />
              <span className={styles.headsign}>
                <span className="visually-hidden">{t('transit.departures.towards')} </span>
                {d.headsign}
              </span>
              {d.cancelled ? (
                <span>
                  <s>
                    <time dateTime={d.scheduled_at}>{format.time(d.scheduled_at)}</time>
                  </s>{' '}
                  <strong className={styles.cancelled}>{t('transit.departures.cancelled')}</strong>
                </span>
              ) : (
                <span>
                  <strong>{countdown(when, now) ?? <time dateTime={when}>{format.time(when)}</time>}</strong>
                  {d.realtime ? (
                    <span className={styles.realtime} title={t('transit.departures.realtime')}>
                      {' '}
                      <span aria-hidden="true">◉</span>
                      <span className="visually-hidden">{t('transit.departures.realtime')}</span>
                    </span>
                  ) : null}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <Link to={stopLink} className={widgetStyles.all}>
        {t('transit.widget.all', { stop: name })}
      </Link>{' '}
      <Link to="/transport" className={widgetStyles.all}>
        {t('transit.widget.change')}
      </Link>
    </section>
  );
}
