import { useTranslation } from 'react-i18next';
import { toProblem } from '../../api/problem';
import { useCurrentWeather, useForecast, useHourlyWeather, useWeatherAlerts, type CurrentWeather } from '../../api/weather';
import { compassPoint, conditionKey, useWeatherFormat } from './format';
import { DailyForecast } from './DailyForecast';
import { HourlyChart } from './HourlyChart';
import { StaleNote } from './StaleNote';
import styles from './Weather.module.css';
import { WeatherAlertsBanner } from './WeatherAlertsBanner';
import { WeatherIcon } from './WeatherIcon';

/** Rouen's weather: warnings first, then now, the next 48 hours and the next seven days. */
export function WeatherPage() {
  const { t } = useTranslation();
  const current = useCurrentWeather();
  const hourly = useHourlyWeather();
  const forecast = useForecast();
  const alerts = useWeatherAlerts();
  return (
    <section aria-labelledby="weather-title" className={styles.page}>
      <h1 id="weather-title">{t('weather.title')}</h1>
      {alerts.data ? <WeatherAlertsBanner data={alerts.data} /> : null}

      <section aria-labelledby="weather-now-title" className={styles.card}>
        <h2 id="weather-now-title">{t('weather.current.title')}</h2>
        <Loading query={current} />
        {current.data ? <Current now={current.data} /> : null}
      </section>

      <section aria-labelledby="weather-hourly-title" className={styles.card}>
        <h2 id="weather-hourly-title">{t('weather.hourly.title')}</h2>
        <Loading query={hourly} />
        {hourly.data ? (
          <>
            {hourly.data.stale ? <StaleNote fetchedAt={hourly.data.fetched_at} /> : null}
            <HourlyChart hours={hourly.data.hours} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="weather-days-title" className={styles.card}>
        <h2 id="weather-days-title">{t('weather.forecast.title')}</h2>
        <Loading query={forecast} />
        {forecast.data ? (
          <>
            {forecast.data.stale ? <StaleNote fetchedAt={forecast.data.fetched_at} /> : null}
            <DailyForecast days={forecast.data.days} />
          </>
        ) : null}
      </section>
    </section>
  );
}

function Loading({ query }: { query: { isPending: boolean; isError: boolean; error: unknown } }) {
  const { t } = useTranslation();
  if (query.isPending) return <p role="status">{t('common.loading')}</p>;
  if (query.isError) {
    const problem = toProblem(query.error);
    // 503 `weather_unavailable`: nothing was ever fetched. Anything else: the same words will do.
    return <p role="alert">{problem.code === 'network_error' ? t('errors.network_error') : t('weather.unavailable')}</p>;
  }
  return null;
}

function Current({ now }: { now: CurrentWeather }) {
  const { t } = useTranslation();
  const format = useWeatherFormat();
  return (
    <>
      {now.stale ? <StaleNote fetchedAt={now.fetched_at} /> : null}
      <div className={styles.now}>
        <WeatherIcon condition={now.condition} isDay={now.is_day} size="large" />
        <div>
          <p className={styles.temperature}>{format.temperature(now.temperature_c)}</p>
          <p className={styles.condition}>{t(conditionKey(now.condition, now.is_day))}</p>
          <p>{t('weather.current.feelsLike', { value: format.temperature(now.apparent_temperature_c) })}</p>
        </div>
      </div>
      <ul className={styles.facts}>
        <li>
          {now.wind_direction_deg === null
            ? t('weather.current.wind', { speed: format.speed(now.wind_kmh) })
            : t('weather.current.windFrom', { speed: format.speed(now.wind_kmh), direction: t(`weather.compass.${compassPoint(now.wind_direction_deg)}`) })}
          {now.wind_gust_kmh !== null ? `, ${t('weather.current.gusts', { speed: format.speed(now.wind_gust_kmh) })}` : ''}
        </li>
        {now.humidity_pct !== null ? <li>{t('weather.current.humidity', { value: format.percent(now.humidity_pct) })}</li> : null}
        <li>{t('weather.current.precipitation', { value: format.millimetres(now.precipitation_mm) })}</li>
        <li>
          {t('weather.current.observedAt', { time: format.hour(now.observed_at) })} · {t('weather.current.source', { source: now.source })}
        </li>
      </ul>
    </>
  );
}
