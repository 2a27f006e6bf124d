import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { EventView } from '../../api/events';
import { DecorativeImage } from '../../components/DecorativeImage/DecorativeImage';
import styles from './Events.module.css';
import { useEventWhen } from './useEventWhen';

/** One event in a list: what, when, where, its badges and how many residents go. */
export function EventCard({ event, headingLevel = 2 }: { event: EventView; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const when = useEventWhen();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const titleId = `event-${event.id}-title`;
  return (
    <article className={styles.card} aria-labelledby={titleId} data-status={event.status}>
      {event.image ? <DecorativeImage src={event.image} className={styles.cardImage} /> : null}
      <div className={styles.cardBody}>
        <Heading id={titleId} className={styles.cardTitle}>
          <Link to={`/events/${encodeURIComponent(event.id)}`}>{event.title}</Link>
        </Heading>
        <p className={styles.when}>
          <time dateTime={event.starts_at}>{when(event)}</time>
        </p>
        {event.venue ? <p className={styles.venue}>{event.venue.name}</p> : null}
        <EventBadges event={event} />
        <p className={styles.counts}>
          {t('events.going', { count: event.going_count })} · {t('events.interested', { count: event.interested_count })}
        </p>
      </div>
    </article>
  );
}

/** Category, free, cancelled or postponed. */
export function EventBadges({ event }: { event: EventView }) {
  const { t } = useTranslation();
  return (
    <ul className={styles.badges} aria-label={t('events.badges')}>
      <li className={styles.badge}>{t(`events.category.${event.category}`, { defaultValue: event.category })}</li>
      {event.price.kind === 'free' ? <li className={`${styles.badge} ${styles.free}`}>{t('events.free')}</li> : null}
      {event.status !== 'scheduled' ? <li className={`${styles.badge} ${styles.alert}`}>{t(`events.status.${event.status}`)}</li> : null}
    </ul>
  );
}
