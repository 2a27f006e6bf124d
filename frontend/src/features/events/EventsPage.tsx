import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import { CalendarFeed } from './CalendarFeed';
import { parisDate } from './dates';
import { EventCalendar } from './EventCalendar';
import { EventCategoryChips, EventFilters } from './EventFilters';
import { EventList } from './EventList';
import { toFilters, useEventSearch, type EventsView } from './eventSearch';
import styles from './Events.module.css';

/** What is on in Rouen: a filtered list, or a month calendar (`?view=calendar`). */
export function EventsPage() {
  const { t } = useTranslation();
  const [search, update] = useEventSearch();
  const signedIn = useSession((s) => s.status === 'signedIn');
  const filters = toFilters(search, parisDate(new Date()));
  return (
    <section aria-labelledby="events-title" className={styles.page}>
      <h1 id="events-title">{t('nav.events')}</h1>
      <div role="group" aria-label={t('events.view.label')} className={styles.segmented}>
        {(['list', 'calendar'] as EventsView[]).map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={search.view === v}
            onClick={() => {
              update({ view: v === 'calendar' ? 'calendar' : null }, { push: true });
            }}
          >
            {t(`events.view.${v}`)}
          </button>
        ))}
      </div>
      <EventCategoryChips
        value={search.category}
        onChange={(category) => {
          update({ category });
        }}
      />
      {search.view === 'list' ? (
        <>
          <EventFilters search={search} update={update} />
          <EventList
            filters={filters}
            onClear={() => {
              update({ category: null, free: null, when: null, from: null, to: null, neighbourhood: null, q: null });
            }}
          />
        </>
      ) : (
        <>
          <EventCalendar category={search.category} />
          {signedIn ? <CalendarFeed /> : null}
        </>
      )}
    </section>
  );
}
