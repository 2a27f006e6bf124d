import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchSuggestions, fetchTrending } from '../../api/posts';
import { useSession } from '../../api/session';
import { Avatar } from '../Avatar/Avatar';
import styles from './TrendingWidget.module.css';

/** Side column: what Rouen talks about, and (signed in) who to follow. */
export function TrendingWidget() {
  const { t } = useTranslation();
  const signedIn = useSession((s) => s.status === 'signedIn');
  const trending = useQuery({ queryKey: ['trending'], queryFn: fetchTrending, staleTime: 60_000 });
  const suggestions = useQuery({ queryKey: ['suggestions'], queryFn: fetchSuggestions, enabled: signedIn, staleTime: 300_000 });
  const tags = trending.data?.hashtags ?? [];
  return (
    <>
      <section className={styles.widget} aria-labelledby="trending-title">
        <h2 id="trending-title">{t('trending.title')}</h2>
        {tags.length === 0 ? <p>{t('trending.empty')}</p> : null}
        <ol>
          {tags.map((tag) => (
            <li key={tag.tag}>
              <Link to={`/hashtags/${encodeURIComponent(tag.tag)}`}>#{tag.tag}</Link>{' '}
              <span className={styles.count}>{t('trending.posts', { count: tag.posts })}</span>
            </li>
          ))}
        </ol>
      </section>
      {signedIn && (suggestions.data?.length ?? 0) > 0 ? (
        <section className={styles.widget} aria-labelledby="suggestions-title">
          <h2 id="suggestions-title">{t('suggestions.title')}</h2>
          <ul>
            {suggestions.data?.map((s) => (
              <li key={s.user.id} className={styles.person}>
                <Avatar image={s.user.avatar} name={s.user.display_name} />
                <span>
                  <Link to={`/profile/${s.user.username}`}>{s.user.display_name}</Link>
                  <span className={styles.count}>{s.reasons.map((r) => t(`suggestions.reason.${r}`)).join(' · ')}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
