import { useTranslation } from 'react-i18next';
import type { TransitAlert } from '../../api/transit';
import styles from './Transit.module.css';
import { TIME_ZONE } from '../events/dates';

/** Service alerts (works, diversions, closures), each with its period. */
export function AlertList({ alerts, labelledBy }: { alerts: TransitAlert[]; labelledBy?: string }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  if (alerts.length === 0) return null;
  return (
    <ul className={styles.alerts} aria-labelledby={labelledBy} aria-label={labelledBy ? undefined : t('transit.alerts.title')}>
      {alerts.map((a) => (
        <li key={a.id} className={styles.alert}>
          <p className={styles.alertHeader}>
            <span aria-hidden="true">⚠ </span>
            {a.header}
          </p>
          {a.description ? <p className={styles.alertText}>{a.description}</p> : null}
          {a.starts_at || a.ends_at ? <p className={styles.alertPeriod}>{period(t, format, a.starts_at, a.ends_at)}</p> : null}
        </li>
      ))}
    </ul>
  );
}

function useDateFormat() {
  const { i18n } = useTranslation();
  const f = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE });
  return (iso: string) => f.format(new Date(iso));
}

function period(t: (key: string, options?: Record<string, string>) => string, format: (iso: string) => string, from: string | null, to: string | null): string {
  if (from && to) return t('transit.alerts.between', { from: format(from), to: format(to) });
  if (from) return t('transit.alerts.since', { from: format(from) });
  return t('transit.alerts.until', { to: format(to ?? '') });
}
