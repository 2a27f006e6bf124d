import type { Departure, Journey, Line, LineDetail, LineSummary, Stop, StopDepartures, TransitAlert } from '../api/transit';

export function line(overrides: Partial<Line> = {}): Line {
  return { id: '90', short_name: 'M', long_name: 'Métro', color: '#123E8B', text_color: '#FFFFFF', mode: 'metro', ...overrides };
}

export const T1 = line({ id: '91', short_name: 'T1', long_name: 'TEOR 1', color: '#E2001A', text_color: '#FFFFFF', mode: 'brt' });
export const F1 = line({ id: '01', short_name: 'F1', long_name: 'FAST 1', color: '#FFD500', text_color: '#FFFFFF', mode: 'bus' });

export function transitAlert(overrides: Partial<TransitAlert> = {}): TransitAlert {
  return {
    id: 'A1',
    header: 'Travaux rue Jeanne-d’Arc',
    description: 'Arrêt Théâtre des Arts non desservi par la T1 dans le sens Mont-Riboudet.',
    cause: 'construction',
    effect: 'detour',
    line_ids: ['91'],
    stop_ids: ['TARTS'],
    starts_at: '2026-11-20T05:00:00Z',
    ends_at: '2026-12-20T22:00:00Z',
    ...overrides,
  };
}

export function stop(overrides: Partial<Stop> = {}): Stop {
  return { id: 'TARTS', name: 'Théâtre des Arts', lat: 49.4407, lon: 1.0889, distance_m: null, lines: [line(), T1], ...overrides };
}

export function departure(overrides: Partial<Departure> = {}): Departure {
  return {
    line: line(),
    headsign: 'Boulingrin',
    scheduled_at: '2026-11-25T11:35:00Z',
    expected_at: null,
    realtime: false,
    cancelled: false,
    platform: null,
    trip_id: 'TRIP-1',
    ...overrides,
  };
}

export function stopDepartures(overrides: Partial<StopDepartures> = {}): StopDepartures {
  return {
    stop: { id: 'TARTS', name: 'Théâtre des Arts', lat: 49.4407, lon: 1.0889 },
    departures: [departure()],
    alerts: [],
    generated_at: '2026-11-25T11:30:00Z',
    ...overrides,
  };
}

export function lineSummary(overrides: Partial<LineSummary> = {}): LineSummary {
  return { ...line(), status: 'normal', alerts_count: 0, ...overrides };
}

export function lineDetail(overrides: Partial<LineDetail> = {}): LineDetail {
  return { ...T1, status: 'disrupted', alerts: [transitAlert()], ...overrides };
}

export function journey(overrides: Partial<Journey> = {}): Journey {
  return {
    departs_at: '2026-11-25T11:30:00Z',
    arrives_at: '2026-11-25T11:52:00Z',
    duration_s: 1320,
    transfers: 0,
    walking_m: 420,
    legs: [
      {
        mode: 'walk',
        from: { name: 'Ma position', lat: 49.44, lon: 1.09, stop_id: null },
        to: { name: 'Théâtre des Arts', lat: 49.4407, lon: 1.0889, stop_id: 'TARTS' },
        departs_at: '2026-11-25T11:30:00Z',
        arrives_at: '2026-11-25T11:35:00Z',
        distance_m: 350,
      },
      {
        mode: 'transit',
        line: line(),
        headsign: 'Technopôle',
        from: { name: 'Théâtre des Arts', lat: 49.4407, lon: 1.0889, stop_id: 'TARTS' },
        to: { name: 'Saint-Sever', lat: 49.4335, lon: 1.0858, stop_id: 'SSEVE' },
        departs_at: '2026-11-25T11:37:00Z',
        arrives_at: '2026-11-25T11:41:00Z',
        stops_count: 2,
        trip_id: 'TRIP-9',
      },
      {
        mode: 'walk',
        from: { name: 'Saint-Sever', lat: 49.4335, lon: 1.0858, stop_id: 'SSEVE' },
        to: { name: 'Le 106', lat: 49.4339, lon: 1.0766, stop_id: null },
        departs_at: '2026-11-25T11:41:00Z',
        arrives_at: '2026-11-25T11:52:00Z',
        distance_m: 70,
      },
    ],
    ...overrides,
  };
}
