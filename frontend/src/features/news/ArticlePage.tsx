import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useArticle, type ArticleView } from '../../api/news';
import { toProblem } from '../../api/problem';
import { DecorativeImage } from '../../components/DecorativeImage/DecorativeImage';
import { Paragraphs } from '../../components/Paragraphs/Paragraphs';
import styles from './News.module.css';
import { useDateTime, useTimeAgo } from './time';

/** One source's article: its text when the source gives it, else its summary and a link to the source. */
export function ArticlePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useArticle(id);
  if (query.isPending) return <p role="status">{t('common.loading')}</p>;
  if (query.isError) {
    const code = toProblem(query.error).code;
    return (
      <section>
        <h1>{t('nav.news')}</h1>
        <p role="alert">{code === 'not_found' || code === 'http_404' ? t('news.notFound') : t(`errors.${code}`, { defaultValue: t('errors.unexpected_error') })}</p>
        <Link to="/news">{t('news.back')}</Link>
      </section>
    );
  }
  return <Article article={query.data} />;
}

function Article({ article }: { article: ArticleView }) {
  const { t } = useTranslation();
  const full = useDateTime();
  const ago = useTimeAgo();
  const external = { target: '_blank', rel: 'noopener noreferrer' };
  return (
    <article aria-labelledby="article-title" className={styles.article}>
      <p>
        <Link to="/news">{t('news.back')}</Link>
      </p>
      <ul className={styles.badges} aria-label={t('news.badges')}>
        {article.breaking ? <li className={`${styles.badge} ${styles.breaking}`}>{t('news.breaking')}</li> : null}
        <li className={styles.badge}>{t(`news.category.${article.category}`, { defaultValue: article.category })}</li>
      </ul>
      <h1 id="article-title">{article.title}</h1>
      <p className={styles.meta}>
        <a href={article.source.homepage} {...external}>
          {article.source.name}
        </a>
        {article.author ? ` · ${t('news.by', { author: article.author })}` : ''} · <time dateTime={article.published_at}>{full(article.published_at)}</time>
      </p>
      {article.image ? <DecorativeImage src={article.image} className={styles.hero} /> : null}
      {article.content ? (
        <>
          <Paragraphs text={article.content} className={styles.paragraph} />
          <p className={styles.meta}>
            {t('news.originalAt')}{' '}
            <a href={article.url} {...external}>
              {article.source.name}
            </a>
          </p>
        </>
      ) : (
        <>
          {article.summary ? <Paragraphs text={article.summary} className={styles.paragraph} /> : null}
          <p>
            <a href={article.url} {...external} className={styles.readOn}>
              {t('news.readOn', { source: article.source.name })}
            </a>
          </p>
        </>
      )}
      {article.related.length > 0 ? (
        <section aria-labelledby="article-related" className={styles.related}>
          <h2 id="article-related">{t('news.alsoCoveredBy')}</h2>
          <ul>
            {article.related.map((r) => (
              <li key={r.id}>
                <strong>{r.source_name}</strong>{' '}
                <Link to={`/news/${encodeURIComponent(r.id)}`}>{r.title}</Link>{' '}
                <time dateTime={r.published_at} className={styles.meta}>
                  {ago(r.published_at)}
                </time>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
