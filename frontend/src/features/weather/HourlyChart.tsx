import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { HourlyPoint } from '../../api/weather';
import { conditionKey, useWeatherFormat } from './format';
import styles from './Weather.module.css';
import { WeatherIcon } from './WeatherIcon';

const STEP = 22;
const LEFT = 36;
const TOP = 16;
const TEMP_HEIGHT = 110;
const RAIN_TOP = TOP + TEMP_HEIGHT + 24;
const RAIN_HEIGHT = 50;
const HEIGHT = RAIN_TOP + RAIN_HEIGHT + 28;

/**
 * The next 48 hours: temperature as a line, chance of rain as bars. The SVG is one image with a written
 * summary; every value is also in a table below it (behind a disclosure) for screen readers and for
 * whoever prefers numbers.
 */
export function HourlyChart({ hours }: { hours: HourlyPoint[] }) {
  const { t } = useTranslation();
  const format = useWeatherFormat();
  const ids = useId();
  const first = hours[0];
  const last = hours.at(-1);
  if (!first || !last) return null;

  const temps = hours.map((h) => h.temperature_c);
  const min = Math.floor(Math.min(...temps));
  const max = Math.ceil(Math.max(...temps));
  const span = Math.max(1, max - min);
  const rainMax = Math.max(0, ...hours.map((h) => h.precipitation_probability_pct ?? 0));
  const width = LEFT + hours.length * STEP + 8;
  const x = (i: number) => LEFT + i * STEP + STEP / 2;
  const y = (c: number) => TOP + TEMP_HEIGHT - ((c - min) / span) * TEMP_HEIGHT;
  const points = hours.map((h, i) => `${x(i).toFixed(1)},${y(h.temperature_c).toFixed(1)}`).join(' ');
  const summary = t('weather.hourly.chartSummary', {
    from: format.dayHour(first.time),
    to: format.dayHour(last.time),
    min: format.temperature(min),
    max: format.temperature(max),
    rain: format.percent(rainMax),
  });

  return (
    <div className={styles.chart}>
      <div className={styles.legend} aria-hidden="true">
        <span className={styles.legendTemp}>{t('weather.hourly.legendTemperature')}</span>
        <span className={styles.legendRain}>{t('weather.hourly.legendRain')}</span>
      </div>
      {/* Scrolls sideways on narrow screens; focusable so a keyboard can scroll it too. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className={styles.chartScroll} tabIndex={0} role="region" aria-label={t('weather.hourly.scroll')}>
        <svg role="img" aria-labelledby={`${ids}-title ${ids}-desc`} viewBox={`0 0 ${width} ${HEIGHT}`} width={width} height={HEIGHT} className={styles.svg}>
          <title id={`${ids}-title`}>{t('weather.hourly.chartLabel')}</title>
          <desc id={`${ids}-desc`}>{summary}</desc>
          <line x1={LEFT} x2={width - 8} y1={y(max)} y2={y(max)} className={styles.grid} />
          <line x1={LEFT} x2={width - 8} y1={y(min)} y2={y(min)} className={styles.grid} />
          <text x={LEFT - 4} y={y(max) + 4} textAnchor="end" className={styles.axis}>
            {max}°
          </text>
          <text x={LEFT - 4} y={y(min) + 4} textAnchor="end" className={styles.axis}>
            {min}°
          </text>
          {hours.map((h, i) => {
            const pct = h.precipitation_probability_pct ?? 0;
            const barHeight = (pct / 100) * RAIN_HEIGHT;
            return <rect key={`r${h.time}`} x={x(i) - STEP / 2 + 3} y={RAIN_TOP + RAIN_HEIGHT - barHeight} width={STEP - 6} height={barHeight} className={styles.rainBar} />;
          })}
          <line x1={LEFT} x2={width - 8} y1={RAIN_TOP + RAIN_HEIGHT} y2={RAIN_TOP + RAIN_HEIGHT} className={styles.grid} />
          <polyline points={points} className={styles.tempLine} />
          {hours.map((h, i) =>
            i % 3 === 0 ? (
              <g key={`l${h.time}`}>
                <circle cx={x(i)} cy={y(h.temperature_c)} r={3} className={styles.tempDot} />
                <text x={x(i)} y={y(h.temperature_c) - 7} textAnchor="middle" className={styles.value}>
                  {Math.round(h.temperature_c)}°
                </text>
                <text x={x(i)} y={HEIGHT - 14} textAnchor="middle" className={styles.axis}>
                  {format.hour(h.time)}
                </text>
              </g>
            ) : null,
          )}
        </svg>
      </div>
      <details className={styles.tableToggle}>
        <summary>{t('weather.hourly.showTable')}</summary>
        <div className={styles.tableScroll}>
          <table className={styles.table}>
            <caption className="visually-hidden">{t('weather.hourly.chartLabel')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('weather.hourly.time')}</th>
                <th scope="col">{t('weather.hourly.condition')}</th>
                <th scope="col">{t('weather.hourly.temperature')}</th>
                <th scope="col">{t('weather.hourly.rainChance')}</th>
                <th scope="col">{t('weather.hourly.rain')}</th>
                <th scope="col">{t('weather.hourly.wind')}</th>
              </tr>
            </thead>
            <tbody>
              {hours.map((h) => (
                <tr key={h.time}>
                  <th scope="row">
                    <time dateTime={h.time}>{format.dayHour(h.time)}</time>
                  </th>
                  <td>
                    <WeatherIcon condition={h.condition} /> {t(conditionKey(h.condition))}
                  </td>
                  <td>{format.temperature(h.temperature_c)}</td>
                  <td>{h.precipitation_probability_pct === null ? '–' : format.percent(h.precipitation_probability_pct)}</td>
                  <td>{format.millimetres(h.precipitation_mm)}</td>
                  <td>{format.speed(h.wind_kmh)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
