import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUpcomingEvents } from '../../api/events';
import styles from '../../components/Widget/Widget.module.css';
import { useEventWhen } from './useEventWhen';

/** Home page: the next five events. */
export function UpcomingEventsWidget() {
  const { t } = useTranslation();
  const when = useEventWhen();
  const events = useUpcomingEvents(5);
  const items = events.data ?? [];
  return (
    <section className={styles.widget} aria-labelledby="upcoming-events-title">
      <h2 id="upcoming-events-title">{t('events.widget.title')}</h2>
      {events.isPending ? <p role="status">{t('common.loading')}</p> : null}
      {events.isError ? <p>{t('events.widget.unavailable')}</p> : null}
      {events.isSuccess && items.length === 0 ? <p>{t('events.empty')}</p> : null}
      <ul>
        {items.map((e) => (
          <li key={e.id}>
            <Link to={`/events/${encodeURIComponent(e.id)}`}>{e.title}</Link>
            <span className={styles.meta}>
              <time dateTime={e.starts_at}>{when(e)}</time>
              {e.venue ? ` · ${e.venue.name}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <Link to="/events" className={styles.all}>
        {t('events.widget.all')}
      </Link>
    </section>
  );
}
