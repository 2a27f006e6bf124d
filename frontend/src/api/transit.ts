import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** Shapes and calls of the public transport API (issue 7 contract, "Public transport"). */

export const TRANSIT_MODES = ['metro', 'tram', 'brt', 'bus', 'ferry', 'rail', 'lift', 'on_demand'] as const;
export type TransitMode = (typeof TRANSIT_MODES)[number];

export interface Line {
  id: string;
  short_name: string;
  long_name: string;
  /** `#RRGGBB`. */
  color: string;
  text_color: string;
  mode: TransitMode;
}

export type LineStatus = 'normal' | 'disrupted';

export interface TransitAlert {
  id: string;
  header: string;
  description: string | null;
  cause: string | null;
  effect: string | null;
  line_ids: string[];
  stop_ids: string[];
  starts_at: string | null;
  ends_at: string | null;
}

export interface Stop {
  id: string;
  name: string;
  lat: number;
  lon: number;
  distance_m: number | null;
  lines: Line[];
}

export interface Departure {
  line: Line;
  headsign: string;
  scheduled_at: string;
  expected_at: string | null;
  realtime: boolean;
  cancelled: boolean;
  platform: string | null;
  trip_id: string;
}

export interface StopDepartures {
  stop: { id: string; name: string; lat: number; lon: number };
  departures: Departure[];
  alerts: TransitAlert[];
  generated_at: string;
}

export interface LineSummary extends Line {
  status: LineStatus;
  alerts_count: number;
}

export interface LineDetail extends Line {
  status: LineStatus;
  alerts: TransitAlert[];
}

export interface Place {
  name: string;
  lat: number;
  lon: number;
  stop_id: string | null;
}

export interface WalkLeg {
  mode: 'walk';
  from: Place;
  to: Place;
  departs_at: string;
  arrives_at: string;
  distance_m: number;
}

export interface TransitLeg {
  mode: 'transit';
  line: Line;
  headsign: string;
  from: Place;
  to: Place;
  departs_at: string;
  arrives_at: string;
  stops_count: number;
  trip_id: string;
  /** Every stop passed, boarding to alighting inclusive (older servers leave it out). */
  path?: { lat: number; lon: number }[];
}

export type Leg = WalkLeg | TransitLeg;

export interface Journey {
  departs_at: string;
  arrives_at: string;
  duration_s: number;
  transfers: number;
  walking_m: number;
  legs: Leg[];
}

export interface StopQuery {
  q?: string;
  lat?: number;
  lon?: number;
  limit?: number;
}

/** A journey request: `from` and `to` are a stop id or `lat,lon`; `at` is RFC 3339 (now when absent). */
export interface JourneyQuery {
  from: string;
  to: string;
  at?: string;
  arriveBy?: boolean;
}

export async function searchStops(query: StopQuery): Promise<Stop[]> {
  const params = { q: query.q, lat: query.lat, lon: query.lon, limit: query.limit };
  return (await api.get<{ stops: Stop[] }>('/transit/stops', { params })).data.stops;
}

export async function fetchDepartures(stopId: string, limit = 20): Promise<StopDepartures> {
  return (await api.get<StopDepartures>(`/transit/stops/${encodeURIComponent(stopId)}/departures`, { params: { limit } })).data;
}

export async function fetchLines(): Promise<LineSummary[]> {
  return (await api.get<{ lines: LineSummary[] }>('/transit/lines')).data.lines;
}

export async function fetchLine(id: string): Promise<LineDetail> {
  return (await api.get<LineDetail>(`/transit/lines/${encodeURIComponent(id)}`)).data;
}

export async function fetchJourneys(query: JourneyQuery): Promise<Journey[]> {
  const params = { from: query.from, to: query.to, at: query.at, arrive_by: query.arriveBy ? 'true' : undefined };
  return (await api.get<{ journeys: Journey[] }>('/traffic/routes', { params })).data.journeys;
}

/** How often a departures board asks again. */
export const DEPARTURES_REFRESH_MS = 30_000;

export const transitKeys = {
  all: ['transit'] as const,
  stops: (query: StopQuery) => ['transit', 'stops', query] as const,
  departures: (stopId: string, limit: number) => ['transit', 'departures', stopId, limit] as const,
  lines: ['transit', 'lines'] as const,
  line: (id: string) => ['transit', 'line', id] as const,
  journeys: (query: JourneyQuery) => ['transit', 'journeys', query] as const,
};

/** Stops by name (accent-insensitive) or, with coordinates, the nearest first. Idle without either. */
export function useStopSearch(query: StopQuery) {
  const enabled = Boolean(query.q) || (query.lat !== undefined && query.lon !== undefined);
  return useQuery({ queryKey: transitKeys.stops(query), queryFn: () => searchStops(query), enabled, staleTime: 300_000 });
}

/** A stop's next departures, asked again every 30 seconds while shown. */
export function useDepartures(stopId: string, limit = 20) {
  return useQuery({
    queryKey: transitKeys.departures(stopId, limit),
    queryFn: () => fetchDepartures(stopId, limit),
    refetchInterval: DEPARTURES_REFRESH_MS,
    enabled: stopId !== '',
  });
}

export function useLines() {
  return useQuery({ queryKey: transitKeys.lines, queryFn: fetchLines, staleTime: 60_000 });
}

export function useLine(id: string) {
  return useQuery({ queryKey: transitKeys.line(id), queryFn: () => fetchLine(id), staleTime: 60_000 });
}

/** Journeys, once both ends are known; a refusal (400) is an answer to show, not to retry. */
export function useJourneys(query: JourneyQuery | null) {
  return useQuery({
    queryKey: transitKeys.journeys(query ?? { from: '', to: '' }),
    queryFn: () => fetchJourneys(query ?? { from: '', to: '' }),
    enabled: query !== null,
    retry: false,
  });
}
