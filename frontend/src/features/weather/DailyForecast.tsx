import { useTranslation } from 'react-i18next';
import type { ForecastDay } from '../../api/weather';
import { conditionKey, parisToday, useWeatherFormat } from './format';
import styles from './Weather.module.css';
import { WeatherIcon } from './WeatherIcon';

/** Seven days: the day, its weather, high and low, chance of rain, sunrise and sunset. */
export function DailyForecast({ days }: { days: ForecastDay[] }) {
  const { t } = useTranslation();
  const format = useWeatherFormat();
  const today = parisToday();
  return (
    <ol className={styles.days}>
      {days.map((d) => (
        <li key={d.date} className={styles.day}>
          <h3>
            <time dateTime={d.date}>{d.date === today ? t('weather.forecast.today') : format.day(d.date)}</time>
          </h3>
          <p className={styles.dayCondition}>
            <WeatherIcon condition={d.condition} /> {t(conditionKey(d.condition))}
          </p>
          <p className={styles.dayTemps}>
            <span>{t('weather.forecast.max', { value: format.temperature(d.temperature_max_c) })}</span>
            <span>{t('weather.forecast.min', { value: format.temperature(d.temperature_min_c) })}</span>
          </p>
          {d.precipitation_probability_pct !== null ? (
            <p className={styles.dayMeta}>
              {t('weather.forecast.rainChance', { value: format.percent(d.precipitation_probability_pct) })}
              {d.precipitation_mm > 0 ? ` · ${format.millimetres(d.precipitation_mm)}` : ''}
            </p>
          ) : null}
          {d.sunrise && d.sunset ? <p className={styles.dayMeta}>{t('weather.forecast.sun', { sunrise: format.hour(d.sunrise), sunset: format.hour(d.sunset) })}</p> : null}
        </li>
      ))}
    </ol>
  );
}
