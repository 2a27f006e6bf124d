import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { StoryView } from '../../api/news';
import { DecorativeImage } from '../../components/DecorativeImage/DecorativeImage';
import styles from './News.module.css';
import { useDateTime, useTimeAgo } from './time';

/** One story: its lead article's title, summary and picture, and every source that covered it. */
export function StoryCard({ story }: { story: StoryView }) {
  const { t } = useTranslation();
  const ago = useTimeAgo();
  const full = useDateTime();
  const titleId = `story-${story.id}-title`;
  return (
    <article className={styles.card} aria-labelledby={titleId}>
      {story.image ? <DecorativeImage src={story.image} className={styles.cardImage} /> : null}
      <div className={styles.cardBody}>
        <ul className={styles.badges} aria-label={t('news.badges')}>
          {story.breaking ? <li className={`${styles.badge} ${styles.breaking}`}>{t('news.breaking')}</li> : null}
          <li className={styles.badge}>{t(`news.category.${story.category}`, { defaultValue: story.category })}</li>
        </ul>
        <h2 id={titleId} className={styles.cardTitle}>
          <Link to={`/news/${encodeURIComponent(story.lead_article_id)}`}>{story.title}</Link>
        </h2>
        <p className={styles.meta}>
          <time dateTime={story.published_at} title={full(story.published_at)}>
            {ago(story.published_at)}
          </time>
        </p>
        {story.summary ? <p className={styles.summary}>{story.summary}</p> : null}
        <div className={styles.sources}>
          <span>{t('news.sources', { count: story.articles.length })}</span>
          <ul aria-label={t('news.sourcesLabel')}>
            {story.articles.map((a) => (
              <li key={a.id}>
                <Link to={`/news/${encodeURIComponent(a.id)}`} title={a.title}>
                  {a.source_name}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </article>
  );
}
