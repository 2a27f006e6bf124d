import { useTranslation } from 'react-i18next';
import { ALERT_LEVELS, type WeatherAlerts } from '../../api/weather';
import { useWeatherFormat } from './format';
import styles from './Weather.module.css';

/**
 * Météo-France's warnings for the department, most severe first: level colour, phenomenon and time range.
 * Says so when the operator has not configured the key (no warning can be known then).
 */
export function WeatherAlertsBanner({ data }: { data: WeatherAlerts }) {
  const { t } = useTranslation();
  const format = useWeatherFormat();
  const alerts = [...data.alerts].sort((a, b) => ALERT_LEVELS.indexOf(b.level) - ALERT_LEVELS.indexOf(a.level) || a.starts_at.localeCompare(b.starts_at));
  return (
    <section aria-labelledby="weather-alerts-title" className={styles.alerts}>
      <h2 id="weather-alerts-title">{t('weather.alerts.title')}</h2>
      {!data.configured ? <p className={styles.note}>{t('weather.alerts.notConfigured')}</p> : null}
      {data.configured && alerts.length === 0 ? <p>{t('weather.alerts.none')}</p> : null}
      {data.configured && data.stale ? <p className={styles.stale}>{t('weather.alerts.stale')}</p> : null}
      {alerts.length > 0 ? (
        <ul className={styles.alertList}>
          {alerts.map((a) => (
            <li key={a.id} className={`${styles.alert} ${styles[`level-${a.level}`] ?? ''}`} data-level={a.level}>
              <p className={styles.alertHead}>
                <strong>{t('weather.alerts.level', { level: t(`weather.level.${a.level}`) })}</strong>
                {' · '}
                <span>{t(`weather.phenomenon.${a.phenomenon}`, { defaultValue: a.phenomenon })}</span>
              </p>
              <p className={styles.alertRange}>
                {t('weather.alerts.range', { from: format.dateTime(a.starts_at), to: format.dateTime(a.ends_at) })}
              </p>
              {a.title ? <p className={styles.alertTitle}>{a.title}</p> : null}
              {a.description ? <p className={styles.alertText}>{a.description}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
