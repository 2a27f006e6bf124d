import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCalendarFeed } from '../../api/events';
import { toProblem } from '../../api/problem';
import styles from './Events.module.css';

/**
 * The resident's own calendar feed (their RSVPs) for a calendar app: created on demand, shown with a
 * copy button. Asking again gives a new address and retires the old one.
 */
export function CalendarFeed() {
  const { t } = useTranslation();
  const feed = useCalendarFeed();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const url = feed.data?.url;
  return (
    <section className={styles.feed} aria-labelledby="calendar-feed-title">
      <h2 id="calendar-feed-title">{t('events.feed.title')}</h2>
      <p>{t('events.feed.intro')}</p>
      <button
        type="button"
        className={styles.more}
        disabled={feed.isPending}
        onClick={() => {
          setCopied(null);
          feed.mutate();
        }}
      >
        {url ? t('events.feed.rotate') : t('events.feed.subscribe')}
      </button>
      {feed.isError ? <p role="alert">{t(`errors.${toProblem(feed.error).code}`, { defaultValue: t('errors.unexpected_error') })}</p> : null}
      {url ? (
        <div className={styles.feedUrl}>
          <label htmlFor="calendar-feed-url">{t('events.feed.url')}</label>
          <input
            id="calendar-feed-url"
            type="text"
            readOnly
            value={url}
            onFocus={(e) => {
              e.currentTarget.select();
            }}
          />
          <button
            type="button"
            className={styles.more}
            onClick={() => {
              // No clipboard outside secure pages: the call itself throws there.
              void Promise.resolve()
                .then(() => navigator.clipboard.writeText(url))
                .then(() => {
                  setCopied('yes');
                })
                .catch(() => {
                  setCopied('no');
                });
            }}
          >
            {t('events.feed.copy')}
          </button>
          <p className={styles.hint}>{t('events.feed.private')}</p>
        </div>
      ) : null}
      <p role="status">{copied === 'yes' ? t('events.feed.copied') : copied === 'no' ? t('events.feed.copyFailed') : ''}</p>
    </section>
  );
}
