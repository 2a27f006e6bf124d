import { useTranslation } from 'react-i18next';
import { useTimeAgo } from '../news/time';
import styles from './Weather.module.css';

/** Said when every source failed and the page shows the last good answer. */
export function StaleNote({ fetchedAt }: { fetchedAt: string | null }) {
  const { t } = useTranslation();
  const ago = useTimeAgo();
  return (
    <p className={styles.stale}>
      <span aria-hidden="true">⚠ </span>
      {t('weather.stale', { time: fetchedAt ? ago(fetchedAt) : '?' })}
    </p>
  );
}
