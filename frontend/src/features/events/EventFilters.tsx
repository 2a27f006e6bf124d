import { useTranslation } from 'react-i18next';
import { EVENT_CATEGORIES, useEventCategories } from '../../api/events';
import { Chips } from '../../components/Chips/Chips';
import { useNeighbourhoods } from '../profile/useNeighbourhoods';
import { WHEN_CHOICES, type EventSearch, type SearchChanges, type WhenChoice } from './eventSearch';
import styles from './Events.module.css';

/** The category chips: the server's list with its counts once loaded, the known categories until then. */
export function EventCategoryChips({ value, onChange }: { value: string | undefined; onChange: (value: string | undefined) => void }) {
  const { t } = useTranslation();
  const categories = useEventCategories();
  const options = (categories.data ?? EVENT_CATEGORIES.map((code) => ({ code, upcoming: undefined }))).map((c) => ({
    value: c.code,
    label: t(`events.category.${c.code}`, { defaultValue: c.code }),
    count: c.upcoming,
  }));
  return <Chips label={t('events.filters.categories')} allLabel={t('events.filters.allCategories')} options={options} value={value} onChange={onChange} />;
}

/** The list's filters: free only, dates, neighbourhood, words. Every change goes to the address. */
export function EventFilters({ search, update }: { search: EventSearch; update: (changes: SearchChanges) => void }) {
  const { t } = useTranslation();
  const neighbourhoods = useNeighbourhoods();
  return (
    <div className={styles.filters}>
      <form
        role="search"
        className={styles.search}
        onSubmit={(e) => {
          e.preventDefault();
          const q = new FormData(e.currentTarget).get('q');
          update({ q: typeof q === 'string' ? q.trim() : null });
        }}
      >
        <label htmlFor="events-q" className="visually-hidden">
          {t('events.filters.search')}
        </label>
        <input key={search.q ?? ''} id="events-q" name="q" type="search" maxLength={100} defaultValue={search.q ?? ''} placeholder={t('events.filters.searchPlaceholder')} />
        <button type="submit">{t('events.filters.searchSubmit')}</button>
      </form>
      <div className={styles.filterRow}>
        <div className={styles.field}>
          <label htmlFor="events-when">{t('events.filters.when')}</label>
          <select
            id="events-when"
            value={search.when}
            onChange={(e) => {
              const when = e.target.value as WhenChoice;
              update({ when: when === 'all' ? null : when, ...(when === 'custom' ? {} : { from: null, to: null }) });
            }}
          >
            {WHEN_CHOICES.map((w) => (
              <option key={w} value={w}>
                {t(`events.filters.range.${w}`)}
              </option>
            ))}
          </select>
        </div>
        {search.when === 'custom' ? (
          <>
            <div className={styles.field}>
              <label htmlFor="events-from">{t('events.filters.from')}</label>
              <input
                id="events-from"
                type="date"
                value={search.from ?? ''}
                max={search.to}
                onChange={(e) => {
                  update({ from: e.target.value });
                }}
              />
            </div>
            <div className={styles.field}>
              <label htmlFor="events-to">{t('events.filters.to')}</label>
              <input
                id="events-to"
                type="date"
                value={search.to ?? ''}
                min={search.from}
                onChange={(e) => {
                  update({ to: e.target.value });
                }}
              />
            </div>
          </>
        ) : null}
        <div className={styles.field}>
          <label htmlFor="events-neighbourhood">{t('events.filters.neighbourhood')}</label>
          <select
            id="events-neighbourhood"
            value={search.neighbourhood ?? ''}
            onChange={(e) => {
              update({ neighbourhood: e.target.value });
            }}
          >
            <option value="">{t('events.filters.allNeighbourhoods')}</option>
            {(neighbourhoods.data ?? []).map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.checkbox}>
          <input
            id="events-free"
            type="checkbox"
            checked={search.free}
            onChange={(e) => {
              update({ free: e.target.checked ? 'true' : null });
            }}
          />
          <label htmlFor="events-free">{t('events.filters.freeOnly')}</label>
        </div>
      </div>
    </div>
  );
}
