import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLatestNews } from '../../api/news';
import styles from '../../components/Widget/Widget.module.css';
import { useTimeAgo } from './time';

/** Home page: the five newest stories. */
export function LatestNewsWidget() {
  const { t } = useTranslation();
  const ago = useTimeAgo();
  const news = useLatestNews(5);
  const items = news.data ?? [];
  return (
    <section className={styles.widget} aria-labelledby="latest-news-title">
      <h2 id="latest-news-title">{t('news.widget.title')}</h2>
      {news.isPending ? <p role="status">{t('common.loading')}</p> : null}
      {news.isError ? <p>{t('news.widget.unavailable')}</p> : null}
      {news.isSuccess && items.length === 0 ? <p>{t('news.empty')}</p> : null}
      <ul>
        {items.map((s) => (
          <li key={s.id}>
            {s.breaking ? <strong>{t('news.breaking')} · </strong> : null}
            <Link to={`/news/${encodeURIComponent(s.lead_article_id)}`}>{s.title}</Link>
            <span className={styles.meta}>
              {s.articles.map((a) => a.source_name).filter((n, i, all) => all.indexOf(n) === i).join(', ')} · <time dateTime={s.published_at}>{ago(s.published_at)}</time>
            </span>
          </li>
        ))}
      </ul>
      <Link to="/news" className={styles.all}>
        {t('news.widget.all')}
      </Link>
    </section>
  );
}
