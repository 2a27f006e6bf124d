import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** Shapes and calls of the weather API (issue 7 contract, "Weather"). */

export const CONDITIONS = ['clear', 'partly_cloudy', 'cloudy', 'fog', 'drizzle', 'rain', 'freezing_rain', 'snow', 'showers', 'snow_showers', 'thunderstorm'] as const;
export type Condition = (typeof CONDITIONS)[number];

/** Météo-France phenomena, ids 1..9 in this order. */
export const PHENOMENA = ['wind', 'rain_flood', 'thunderstorms', 'flood', 'snow_ice', 'heat_wave', 'extreme_cold', 'avalanches', 'waves_submersion'] as const;
export type Phenomenon = (typeof PHENOMENA)[number];

/** Green is never listed. */
export const ALERT_LEVELS = ['yellow', 'orange', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export interface CurrentWeather {
  place: string;
  observed_at: string;
  temperature_c: number;
  apparent_temperature_c: number;
  humidity_pct: number | null;
  wind_kmh: number;
  wind_gust_kmh: number | null;
  wind_direction_deg: number | null;
  precipitation_mm: number;
  weather_code: number;
  condition: Condition;
  is_day: boolean;
  source: string;
  fetched_at: string;
  /** Every source failed: this is the last good answer. */
  stale: boolean;
}

export interface HourlyPoint {
  time: string;
  temperature_c: number;
  precipitation_probability_pct: number | null;
  precipitation_mm: number;
  weather_code: number;
  condition: Condition;
  wind_kmh: number;
}

export interface HourlyForecast {
  hours: HourlyPoint[];
  source: string;
  fetched_at: string;
  stale: boolean;
}

export interface ForecastDay {
  /** `YYYY-MM-DD`, Paris day. */
  date: string;
  weather_code: number;
  condition: Condition;
  temperature_max_c: number;
  temperature_min_c: number;
  precipitation_mm: number;
  precipitation_probability_pct: number | null;
  sunrise: string | null;
  sunset: string | null;
}

export interface DailyForecast {
  days: ForecastDay[];
  source: string;
  fetched_at: string;
  stale: boolean;
}

export interface WeatherAlert {
  id: string;
  phenomenon: Phenomenon;
  level: AlertLevel;
  starts_at: string;
  ends_at: string;
  title: string;
  description: string | null;
  source: string;
}

export interface WeatherAlerts {
  alerts: WeatherAlert[];
  /** False when the operator has not set the Météo-France key: no warnings can be known. */
  configured: boolean;
  fetched_at: string | null;
  stale: boolean;
}

export async function fetchCurrentWeather(): Promise<CurrentWeather> {
  return (await api.get<CurrentWeather>('/weather/current')).data;
}

export async function fetchHourlyWeather(): Promise<HourlyForecast> {
  return (await api.get<HourlyForecast>('/weather/hourly')).data;
}

export async function fetchForecast(): Promise<DailyForecast> {
  return (await api.get<DailyForecast>('/weather/forecast')).data;
}

export async function fetchWeatherAlerts(): Promise<WeatherAlerts> {
  return (await api.get<WeatherAlerts>('/weather/alerts')).data;
}

export const weatherKeys = {
  all: ['weather'] as const,
  current: ['weather', 'current'] as const,
  hourly: ['weather', 'hourly'] as const,
  forecast: ['weather', 'forecast'] as const,
  alerts: ['weather', 'alerts'] as const,
};

const TEN_MINUTES = 600_000;

export function useCurrentWeather() {
  return useQuery({ queryKey: weatherKeys.current, queryFn: fetchCurrentWeather, staleTime: TEN_MINUTES, refetchInterval: TEN_MINUTES });
}

export function useHourlyWeather() {
  return useQuery({ queryKey: weatherKeys.hourly, queryFn: fetchHourlyWeather, staleTime: TEN_MINUTES });
}

export function useForecast() {
  return useQuery({ queryKey: weatherKeys.forecast, queryFn: fetchForecast, staleTime: TEN_MINUTES * 3 });
}

export function useWeatherAlerts() {
  return useQuery({ queryKey: weatherKeys.alerts, queryFn: fetchWeatherAlerts, staleTime: TEN_MINUTES / 2, refetchInterval: TEN_MINUTES / 2 });
}

/** The most severe level among the alerts, or null. */
export function highestLevel(alerts: readonly WeatherAlert[]): AlertLevel | null {
  let best = -1;
  for (const a of alerts) best = Math.max(best, ALERT_LEVELS.indexOf(a.level));
  return best < 0 ? null : (ALERT_LEVELS[best] ?? null);
}
