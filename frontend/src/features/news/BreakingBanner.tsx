import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useBreakingNews } from '../../api/news';
import styles from './BreakingBanner.module.css';

export const DISMISSED_KEY = 'rouen-social.breaking.dismissed';
const KEEP = 50;

function readDismissed(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(DISMISSED_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * On every page: the newest breaking story the resident has not dismissed (asked again every minute).
 * The live region is always there, so a story that arrives later is announced.
 */
export function BreakingBanner() {
  const { t } = useTranslation();
  const breaking = useBreakingNews();
  const [dismissed, setDismissed] = useState<string[]>(readDismissed);
  const story = breaking.data?.find((s) => !dismissed.includes(s.id));
  const dismiss = (id: string) => {
    const next = [...dismissed.filter((d) => d !== id), id].slice(-KEEP);
    setDismissed(next);
    try {
      localStorage.setItem(DISMISSED_KEY, JSON.stringify(next));
    } catch {
      // Private browsing may refuse storage: dismissed for this visit only.
    }
  };
  return (
    <div role="status" aria-live="polite" className={styles.region}>
      {story ? (
        <div className={styles.banner}>
          <strong className={styles.label}>{t('news.breaking')}</strong>
          <Link to={`/news/${encodeURIComponent(story.lead_article_id)}`} className={styles.title}>
            {story.title}
          </Link>
          <button
            type="button"
            className={styles.close}
            aria-label={t('news.dismissBreaking')}
            onClick={() => {
              dismiss(story.id);
            }}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ) : null}
    </div>
  );
}
