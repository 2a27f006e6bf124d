import { useTranslation } from 'react-i18next';
import { useEvents, type EventFilters } from '../../api/events';
import { toProblem } from '../../api/problem';
import { EventCard } from './EventCard';
import styles from './Events.module.css';

/** The events matching the filters, soonest first, a page at a time. */
export function EventList({ filters, onClear }: { filters: EventFilters; onClear?: () => void }) {
  const { t } = useTranslation();
  const query = useEvents(filters);
  if (query.isPending) return <p role="status">{t('common.loading')}</p>;
  if (query.isError) return <p role="alert">{t(`errors.${toProblem(query.error).code}`, { defaultValue: t('errors.unexpected_error') })}</p>;
  const events = query.data.pages.flatMap((p) => p.items);
  if (events.length === 0) {
    return (
      <div className={styles.empty}>
        <p>{Object.keys(filters).length > 0 ? t('events.emptyFiltered') : t('events.empty')}</p>
        {onClear && Object.keys(filters).length > 0 ? (
          <button type="button" className={styles.more} onClick={onClear}>
            {t('events.filters.clear')}
          </button>
        ) : null}
      </div>
    );
  }
  return (
    <>
      <ul className={styles.list} aria-label={t('events.listLabel')}>
        {events.map((e) => (
          <li key={e.id}>
            <EventCard event={e} />
          </li>
        ))}
      </ul>
      {query.hasNextPage ? (
        <button type="button" className={styles.more} disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
        </button>
      ) : null}
    </>
  );
}
