import { useTranslation } from 'react-i18next';
import { NEWS_CATEGORIES, useNews, useNewsCategories, type NewsFilters } from '../../api/news';
import { toProblem } from '../../api/problem';
import { Chips } from '../../components/Chips/Chips';
import styles from './News.module.css';
import { useNewsSearch } from './newsSearch';
import { StoryCard } from './StoryCard';

/** Rouen's news, grouped by story (one card for all the sources that covered it), newest first. */
export function NewsPage() {
  const { t } = useTranslation();
  const [filters, update] = useNewsSearch();
  const categories = useNewsCategories();
  const options = (categories.data ?? NEWS_CATEGORIES.map((code) => ({ code, count: undefined }))).map((c) => ({
    value: c.code,
    label: t(`news.category.${c.code}`, { defaultValue: c.code }),
    count: c.count,
  }));
  return (
    <section aria-labelledby="news-title" className={styles.page}>
      <h1 id="news-title">{t('nav.news')}</h1>
      <Chips
        label={t('news.filters.categories')}
        allLabel={t('news.filters.allCategories')}
        options={options}
        value={filters.category}
        onChange={(category) => {
          update({ category });
        }}
      />
      <div className={styles.filterRow}>
        <button
          type="button"
          className={styles.toggle}
          aria-pressed={Boolean(filters.local)}
          onClick={() => {
            update({ local: filters.local ? null : 'true' });
          }}
        >
          {t('news.filters.local')}
        </button>
        <SourceSelect filters={filters} onChange={(source) => { update({ source }); }} />
      </div>
      <StoryList filters={filters} />
    </section>
  );
}

/**
 * The sources to filter by: those of the stories the page shows without a source filter (the same query,
 * so usually already loaded), and the chosen one.
 */
function SourceSelect({ filters, onChange }: { filters: NewsFilters; onChange: (source: string) => void }) {
  const { t } = useTranslation();
  const unfiltered: NewsFilters = { ...filters };
  delete unfiltered.source;
  const stories = useNews(unfiltered);
  const sources = new Map<string, string>();
  for (const story of stories.data?.pages.flatMap((p) => p.items) ?? []) {
    for (const a of story.articles) sources.set(a.source_id, a.source_name);
  }
  if (filters.source && !sources.has(filters.source)) sources.set(filters.source, filters.source);
  return (
    <div className={styles.field}>
      <label htmlFor="news-source">{t('news.filters.source')}</label>
      <select
        id="news-source"
        value={filters.source ?? ''}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      >
        <option value="">{t('news.filters.allSources')}</option>
        {[...sources].sort((a, b) => a[1].localeCompare(b[1])).map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

function StoryList({ filters }: { filters: NewsFilters }) {
  const { t } = useTranslation();
  const query = useNews(filters);
  if (query.isPending) return <p role="status">{t('common.loading')}</p>;
  if (query.isError) return <p role="alert">{t(`errors.${toProblem(query.error).code}`, { defaultValue: t('errors.unexpected_error') })}</p>;
  const stories = query.data.pages.flatMap((p) => p.items);
  if (stories.length === 0) return <p>{Object.keys(filters).length > 0 ? t('news.emptyFiltered') : t('news.empty')}</p>;
  return (
    <>
      <ul className={styles.list} aria-label={t('news.listLabel')}>
        {stories.map((s) => (
          <li key={s.id}>
            <StoryCard story={s} />
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
