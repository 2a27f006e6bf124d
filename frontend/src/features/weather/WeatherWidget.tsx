import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { highestLevel, useCurrentWeather, useHourlyWeather, useWeatherAlerts, type AlertLevel, type HourlyForecast, type HourlyPoint, type WeatherAlerts } from '../../api/weather';
import widget from '../../components/Widget/Widget.module.css';
import { compassPoint, conditionKey, useWeatherFormat } from './format';
import { StaleNote } from './StaleNote';
import styles from './Weather.module.css';
import { WeatherIcon } from './WeatherIcon';

const HOURS_SHOWN = 6;

/** Home page: the weather now, the next six hours, and a badge when an orange or red warning is in force. */
export function WeatherWidget() {
  const { t } = useTranslation();
  const format = useWeatherFormat();
  const current = useCurrentWeather();
  const hourly = useHourlyWeather();
  const alerts = useWeatherAlerts();
  const now = current.data;
  const nextHours = upcomingHours(hourly.data);
  return (
    <section className={widget.widget} aria-labelledby="weather-widget-title">
      <h2 id="weather-widget-title">{t('weather.widget.title')}</h2>
      {alerts.data ? <WarningBadge alerts={alerts.data} /> : null}
      {current.isPending ? <p role="status">{t('common.loading')}</p> : null}
      {current.isError ? <p>{t('weather.unavailable')}</p> : null}
      {now ? (
        <div className={styles.now}>
          <WeatherIcon condition={now.condition} isDay={now.is_day} size="large" />
          <div>
            <p className={styles.temperature}>{format.temperature(now.temperature_c)}</p>
            <p className={styles.condition}>{t(conditionKey(now.condition, now.is_day))}</p>
            <p className={widget.meta}>{t('weather.current.feelsLike', { value: format.temperature(now.apparent_temperature_c) })}</p>
            <p className={widget.meta}>
              {now.wind_direction_deg === null
                ? t('weather.current.wind', { speed: format.speed(now.wind_kmh) })
                : t('weather.current.windFrom', { speed: format.speed(now.wind_kmh), direction: t(`weather.compass.${compassPoint(now.wind_direction_deg)}`) })}
            </p>
          </div>
        </div>
      ) : null}
      {now?.stale ? <StaleNote fetchedAt={now.fetched_at} /> : null}
      {nextHours.length > 0 ? (
        <ol className={styles.strip} aria-label={t('weather.widget.next')}>
          {nextHours.map((h) => (
            <li key={h.time}>
              <time dateTime={h.time}>{format.hour(h.time)}</time>
              <WeatherIcon condition={h.condition} labelled />
              <span>{format.temperature(h.temperature_c)}</span>
            </li>
          ))}
        </ol>
      ) : null}
      <Link to="/weather" className={widget.all}>
        {t('weather.widget.all')}
      </Link>
    </section>
  );
}

/** The hours from the one under way when the forecast was fetched (the answer is at most ten minutes old). */
function upcomingHours(forecast: HourlyForecast | undefined): HourlyPoint[] {
  if (!forecast) return [];
  const from = new Date(forecast.fetched_at).getTime() - 3_600_000;
  return forecast.hours.filter((h) => new Date(h.time).getTime() > from).slice(0, HOURS_SHOWN);
}

/** Orange and red only: yellow is for the weather page. */
function WarningBadge({ alerts }: { alerts: WeatherAlerts }) {
  const { t } = useTranslation();
  const serious = alerts.alerts.filter((a) => a.level === 'orange' || a.level === 'red');
  const level: AlertLevel | null = highestLevel(serious);
  if (!level) return null;
  const phenomena = [...new Set(serious.filter((a) => a.level === level).map((a) => t(`weather.phenomenon.${a.phenomenon}`, { defaultValue: a.phenomenon })))].join(', ');
  return (
    <Link to="/weather" className={`${styles.badge} ${styles[`level-${level}`] ?? ''}`} data-level={level}>
      <span aria-hidden="true">⚠ </span>
      {t('weather.widget.warning', { level: t(`weather.level.${level}`), phenomena })}
    </Link>
  );
}
