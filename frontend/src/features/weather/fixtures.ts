import type { CurrentWeather, DailyForecast, HourlyForecast, HourlyPoint, WeatherAlert, WeatherAlerts } from '../../api/weather';

/** Test data shaped like the API's answers (issue 7 contract). */

export function currentWeather(overrides: Partial<CurrentWeather> = {}): CurrentWeather {
  return {
    place: 'Rouen',
    observed_at: '2026-11-25T11:30:00Z',
    temperature_c: 8.4,
    apparent_temperature_c: 6.1,
    humidity_pct: 87,
    wind_kmh: 14.2,
    wind_gust_kmh: 30.1,
    wind_direction_deg: 220,
    precipitation_mm: 0.2,
    weather_code: 61,
    condition: 'rain',
    is_day: true,
    source: 'open-meteo',
    fetched_at: new Date(Date.now() - 5 * 60_000).toISOString(),
    stale: false,
    ...overrides,
  };
}

/** 48 hours from the current hour: 10 °C rising by a quarter of a degree an hour. */
export function hourlyForecast(overrides: Partial<HourlyForecast> = {}, count = 48): HourlyForecast {
  const start = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const hours: HourlyPoint[] = Array.from({ length: count }, (_, i) => ({
    time: new Date(start + i * 3_600_000).toISOString(),
    temperature_c: 10 + i / 4,
    precipitation_probability_pct: i === 2 ? 80 : 10,
    precipitation_mm: i === 2 ? 1.5 : 0,
    weather_code: i === 2 ? 61 : 3,
    condition: i === 2 ? 'rain' : 'cloudy',
    wind_kmh: 12,
  }));
  return { hours, source: 'open-meteo', fetched_at: new Date().toISOString(), stale: false, ...overrides };
}

export function dailyForecast(overrides: Partial<DailyForecast> = {}): DailyForecast {
  const days = Array.from({ length: 7 }, (_, i) => ({
    date: `2026-11-${String(25 + i).padStart(2, '0')}`.replace('2026-11-31', '2026-12-01'),
    weather_code: i === 0 ? 61 : 2,
    condition: i === 0 ? ('rain' as const) : ('partly_cloudy' as const),
    temperature_max_c: 11 + i,
    temperature_min_c: 4 + i,
    precipitation_mm: i === 0 ? 6.2 : 0,
    precipitation_probability_pct: i === 0 ? 90 : 20,
    sunrise: `2026-11-${String(25 + i).padStart(2, '0')}T07:10:00Z`.replace('2026-11-31', '2026-12-01'),
    sunset: `2026-11-${String(25 + i).padStart(2, '0')}T16:05:00Z`.replace('2026-11-31', '2026-12-01'),
  }));
  return { days, source: 'open-meteo', fetched_at: new Date().toISOString(), stale: false, ...overrides };
}

export function weatherAlert(overrides: Partial<WeatherAlert> = {}): WeatherAlert {
  return {
    id: 'MF-76-1',
    phenomenon: 'wind',
    level: 'orange',
    starts_at: '2026-11-25T13:00:00Z',
    ends_at: '2026-11-26T05:00:00Z',
    title: 'Vent violent en Seine-Maritime',
    description: 'Rafales de 100 km/h sur le littoral.',
    source: 'meteo-france',
    ...overrides,
  };
}

export function weatherAlerts(overrides: Partial<WeatherAlerts> = {}): WeatherAlerts {
  return { alerts: [], configured: true, fetched_at: new Date().toISOString(), stale: false, ...overrides };
}
