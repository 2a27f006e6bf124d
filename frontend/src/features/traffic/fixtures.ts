import type { Incident, TrafficSummary } from '../../api/traffic';

/** Test data shaped like the API's answers (issue 7 contract). */

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC1',
    type: 'roadworks',
    title: 'Travaux de voirie quai de Paris',
    description: 'Une voie fermée dans le sens Rouen → Paris.',
    lat: 49.4385,
    lon: 1.1002,
    street: 'Quai de Paris',
    commune: 'Rouen',
    starts_at: '2026-11-20T07:00:00Z',
    ends_at: '2026-12-18T17:00:00Z',
    source: 'metropole-travaux',
    source_url: 'https://www.metropole-rouen-normandie.fr/travaux/quai-de-paris',
    reported_by: null,
    confirmations: 0,
    gone_votes: 0,
    my_vote: null,
    photo_url: null,
    expires_at: null,
    created_at: '2026-11-19T10:00:00Z',
    mine: false,
    ...overrides,
  };
}

export const residentReport = (overrides: Partial<Incident> = {}) =>
  incident({
    id: 'INC2',
    type: 'accident',
    title: 'Accrochage au rond-point Saint-Paul',
    description: null,
    source: 'resident',
    source_url: null,
    street: 'Place Saint-Paul',
    starts_at: null,
    ends_at: null,
    reported_by: { id: '01JD0000000000000000000002', username: 'paul', display_name: 'Paul Martin' },
    confirmations: 3,
    gone_votes: 1,
    expires_at: '2026-11-25T13:00:00Z',
    created_at: new Date(Date.now() - 20 * 60_000).toISOString(),
    ...overrides,
  });

export function trafficSummary(overrides: Partial<TrafficSummary> = {}): TrafficSummary {
  return {
    level: 'busy',
    incidents_count: 4,
    roadworks_count: 2,
    reports_count: 1,
    top: [residentReport(), incident()],
    disrupted_lines: 2,
    updated_at: new Date(Date.now() - 2 * 60_000).toISOString(),
    ...overrides,
  };
}
