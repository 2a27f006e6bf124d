import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client';
import { useSession } from './session';

/** Shapes and calls of the road traffic API (issue 7 contract, "Road traffic"). */

export const INCIDENT_TYPES = ['accident', 'roadworks', 'closure', 'congestion', 'hazard', 'police', 'event', 'other'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** `resident`, or the registry id of the source it was read from (see /admin/sources). */
export const INCIDENT_SOURCES = ['resident', 'metropole-travaux', 'bison-fute-rrn', 'waze-ccp', 'tomtom-incidents'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number] | (string & {});

/** The list's source filter: official sources together, or the residents' reports. */
export type SourceFilter = 'official' | 'resident';

export type TrafficLevel = 'fluid' | 'busy' | 'congested' | 'unknown';
export type Vote = 'confirm' | 'gone';

export interface Incident {
  id: string;
  type: IncidentType;
  title: string;
  description: string | null;
  lat: number;
  lon: number;
  street: string | null;
  commune: string | null;
  starts_at: string | null;
  ends_at: string | null;
  source: IncidentSource;
  source_url: string | null;
  reported_by: { id: string; username: string; display_name: string; avatar?: unknown; neighbourhood?: string | null } | null;
  confirmations: number;
  gone_votes: number;
  my_vote: Vote | null;
  photo_url: string | null;
  expires_at: string | null;
  created_at: string;
  /** The caller reported it. */
  mine: boolean;
}

export interface TrafficSummary {
  level: TrafficLevel;
  incidents_count: number;
  roadworks_count: number;
  reports_count: number;
  top: Incident[];
  /** The number of public transport lines currently disrupted. */
  disrupted_lines: number;
  updated_at: string;
}

export interface IncidentFilters {
  type?: IncidentType;
  source?: SourceFilter;
  /** `minLon,minLat,maxLon,maxLat`. */
  bbox?: string;
}

export interface NewIncident {
  type: IncidentType;
  description?: string;
  lat: number;
  lon: number;
  street?: string;
  photo_upload_id?: string;
}

export async function fetchTrafficSummary(): Promise<TrafficSummary> {
  return (await api.get<TrafficSummary>('/traffic/current')).data;
}

export async function fetchIncidents(filters: IncidentFilters): Promise<Incident[]> {
  const params = { type: filters.type, source: filters.source, bbox: filters.bbox };
  return (await api.get<{ incidents: Incident[] }>('/traffic/incidents', { params })).data.incidents;
}

export async function reportIncident(input: NewIncident): Promise<Incident> {
  return (await api.post<Incident>('/traffic/incidents', input)).data;
}

export async function voteIncident(id: string, vote: Vote): Promise<Incident> {
  return (await api.post<Incident>(`/traffic/incidents/${encodeURIComponent(id)}/votes`, { vote })).data;
}

export async function deleteIncident(id: string): Promise<void> {
  await api.delete(`/traffic/incidents/${encodeURIComponent(id)}`);
}

/** `my_vote` depends on who asks: the viewer is part of the keys. */
export const trafficKeys = {
  all: ['traffic'] as const,
  current: (viewer: string | null) => ['traffic', 'current', viewer] as const,
  incidents: (filters: IncidentFilters, viewer: string | null) => ['traffic', 'incidents', filters, viewer] as const,
};

function useViewer(): string | null {
  return useSession((s) => s.user?.id ?? null);
}

export function useTrafficSummary() {
  const viewer = useViewer();
  return useQuery({ queryKey: trafficKeys.current(viewer), queryFn: fetchTrafficSummary, staleTime: 60_000, refetchInterval: 120_000 });
}

export function useIncidents(filters: IncidentFilters) {
  const viewer = useViewer();
  return useQuery({ queryKey: trafficKeys.incidents(filters, viewer), queryFn: () => fetchIncidents(filters), staleTime: 30_000, refetchInterval: 120_000 });
}

/** Puts the server's copy of one incident into every cached list; `null` takes it out. */
function replaceEverywhere(client: QueryClient, id: string, next: Incident | null) {
  client.setQueriesData<Incident[]>({ queryKey: ['traffic', 'incidents'] }, (list) =>
    list ? list.flatMap((i) => (i.id === id ? (next ? [next] : []) : [i])) : list,
  );
  void client.invalidateQueries({ queryKey: ['traffic', 'current'] });
}

export function useVote() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, vote }: { id: string; vote: Vote }) => voteIncident(id, vote),
    onSuccess: (incident) => {
      replaceEverywhere(client, incident.id, incident);
    },
  });
}

export function useDeleteIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteIncident(id),
    onSuccess: (_void, id) => {
      replaceEverywhere(client, id, null);
    },
  });
}

export function useReportIncident() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: reportIncident,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: trafficKeys.all });
    },
  });
}

/** Official sources, as the `source=official` filter groups them. */
export function isOfficial(incident: Pick<Incident, 'source'>): boolean {
  return incident.source !== 'resident';
}
