import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useEvent, type EventView, type Price } from '../../api/events';
import { toProblem } from '../../api/problem';
import { DecorativeImage } from '../../components/DecorativeImage/DecorativeImage';
import { Paragraphs } from '../../components/Paragraphs/Paragraphs';
import { useNeighbourhoodName } from '../profile/useNeighbourhoods';
import { EventActions } from './EventActions';
import { EventBadges } from './EventCard';
import styles from './Events.module.css';
import { useEventWhen } from './useEventWhen';

function usePrice() {
  const { t, i18n } = useTranslation();
  return (price: Price): string | null => {
    if (price.kind === 'free') return t('events.free');
    if (price.kind === 'unknown') return null;
    const euros = (cents: number) =>
      new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'EUR', minimumFractionDigits: cents % 100 === 0 ? 0 : 2 }).format(cents / 100);
    if (price.min_cents === price.max_cents) return euros(price.min_cents);
    return t('events.priceRange', { min: euros(price.min_cents), max: euros(price.max_cents) });
  };
}

/** One event: when, where, what, who tells about it, and the resident's answer. */
export function EventPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useEvent(id);
  if (query.isPending) return <p role="status">{t('common.loading')}</p>;
  if (query.isError) {
    const code = toProblem(query.error).code;
    return (
      <section>
        <h1>{t('nav.events')}</h1>
        <p role="alert">{code === 'not_found' || code === 'http_404' ? t('events.notFound') : t(`errors.${code}`, { defaultValue: t('errors.unexpected_error') })}</p>
        <Link to="/events">{t('events.back')}</Link>
      </section>
    );
  }
  return <EventDetails event={query.data} />;
}

function EventDetails({ event }: { event: EventView }) {
  const { t } = useTranslation();
  const when = useEventWhen('long');
  const whenShort = useEventWhen('short');
  const price = usePrice()(event.price);
  const neighbourhood = useNeighbourhoodName(event.neighbourhood);
  const venue = event.venue;
  const place = venue ? [venue.address, [venue.postal_code, venue.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') : '';
  return (
    <article aria-labelledby="event-title" className={styles.detail}>
      <p>
        <Link to="/events">{t('events.back')}</Link>
      </p>
      {event.image ? <DecorativeImage src={event.image} className={styles.hero} /> : null}
      <h1 id="event-title">{event.title}</h1>
      <EventBadges event={event} />
      {event.status !== 'scheduled' ? <p className={styles.notice}>{t(`events.notice.${event.status}`)}</p> : null}
      <dl className={styles.facts}>
        <dt>{t('events.when.label')}</dt>
        <dd>
          <time dateTime={event.starts_at}>{when(event)}</time>
        </dd>
        {price ? (
          <>
            <dt>{t('events.price')}</dt>
            <dd>{price}</dd>
          </>
        ) : null}
      </dl>
      {event.occurrences.length > 1 ? (
        <section aria-labelledby="event-dates">
          <h2 id="event-dates">{t('events.occurrences')}</h2>
          <ul>
            {event.occurrences.map((o) => (
              <li key={o.starts_at}>
                <time dateTime={o.starts_at}>{whenShort(o)}</time>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <EventActions event={event} />
      <Paragraphs text={event.description} className={styles.paragraph} />
      {venue ? (
        <section aria-labelledby="event-venue" className={styles.venueBox}>
          <h2 id="event-venue">{t('events.venue')}</h2>
          <p>
            <strong>{venue.name}</strong>
            {place ? (
              <>
                <br />
                {place}
              </>
            ) : null}
            {neighbourhood ? (
              <>
                <br />
                {t('events.neighbourhood', { name: neighbourhood })}
              </>
            ) : null}
          </p>
          {event.map_url ? (
            <a href={event.map_url} target="_blank" rel="noopener noreferrer">
              {t('events.openMap')}
            </a>
          ) : null}
        </section>
      ) : null}
      {event.sources.length > 0 ? (
        <p className={styles.sources}>
          {t('events.via')}{' '}
          {event.sources.map((s, i) => (
            <span key={s.source_id}>
              {i > 0 ? ', ' : ''}
              <a href={s.url} target="_blank" rel="noopener noreferrer">
                {s.name}
              </a>
            </span>
          ))}
        </p>
      ) : null}
    </article>
  );
}
