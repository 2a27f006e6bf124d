import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Journey, Place, TransitLeg } from '../../api/transit';
import { NEUTRAL_LINE_COLOUR } from '../../components/CityMap/CityMap';
import { journey, line, T1 } from '../../test/transitFixtures';
import { JourneyMap, journeyLayers, lineColour, WALK_COLOUR } from './JourneyMap';

const BOULINGRIN: Place = { name: 'Boulingrin', lat: 49.4466, lon: 1.1034, stop_id: 'BOULI' };
const BEAUVOISINE: Place = { name: 'Beauvoisine', lat: 49.4452, lon: 1.0957, stop_id: 'BEAUV' };
const ARTS: Place = { name: 'Théâtre des Arts', lat: 49.4407, lon: 1.0889, stop_id: 'TARTS' };
const ARTS_T1: Place = { name: 'Théâtre des Arts (T1)', lat: 49.4409, lon: 1.0893, stop_id: 'TARTS1' };
const MONT_RIBOUDET: Place = { name: 'Mont-Riboudet', lat: 49.4487, lon: 1.0745, stop_id: 'MRIBO' };
const KINDARENA: Place = { name: 'Kindarena', lat: 49.4491, lon: 1.0712, stop_id: null };

function transit(overrides: Partial<TransitLeg>): TransitLeg {
  return {
    mode: 'transit',
    line: line(),
    headsign: 'Technopôle',
    from: BOULINGRIN,
    to: ARTS,
    departs_at: '2026-11-25T11:31:00Z',
    arrives_at: '2026-11-25T11:36:00Z',
    stops_count: 3,
    trip_id: 'TRIP-1',
    ...overrides,
  };
}

/** Metro from Boulingrin through Beauvoisine to Théâtre des Arts, TEOR 1 to Mont-Riboudet (no path), a walk to Kindarena. */
const twoLinesAndAWalk: Journey = journey({
  transfers: 1,
  legs: [
    transit({ path: [BOULINGRIN, BEAUVOISINE, ARTS].map(({ lat, lon }) => ({ lat, lon })) }),
    transit({ line: T1, headsign: 'Mont-Riboudet', from: ARTS, to: MONT_RIBOUDET, trip_id: 'TRIP-2' }),
    {
      mode: 'walk',
      from: MONT_RIBOUDET,
      to: KINDARENA,
      departs_at: '2026-11-25T11:50:00Z',
      arrives_at: '2026-11-25T11:55:00Z',
      distance_m: 300,
    },
  ],
});

const label = (key: string, options: { place: string }) => `${key}|${options.place}`;

function drawnLines(map: HTMLElement): { id: string | null; stroke: string | null; dashed: boolean }[] {
  return Array.from(map.querySelectorAll('.leaflet-overlay-pane path')).map((p) => ({
    id: p.getAttribute('data-line-id'),
    stroke: p.getAttribute('stroke'),
    dashed: p.hasAttribute('stroke-dasharray'),
  }));
}

describe('lineColour', () => {
  it('keeps a line’s hex colour, adds a missing #, and falls back to a neutral grey', () => {
    expect(lineColour('#123E8B')).toBe('#123E8B');
    expect(lineColour('E2001A')).toBe('#E2001A');
    expect(lineColour('')).toBe(NEUTRAL_LINE_COLOUR);
    expect(lineColour('red;}')).toBe(NEUTRAL_LINE_COLOUR);
    expect(lineColour(undefined)).toBe(NEUTRAL_LINE_COLOUR);
  });
});

describe('journeyLayers', () => {
  it('draws transit legs through their path, or straight between their stops without one, and walks dashed', () => {
    const { lines } = journeyLayers(twoLinesAndAWalk, label);
    expect(lines).toEqual([
      { id: 'leg-0', points: [BOULINGRIN, BEAUVOISINE, ARTS].map(({ lat, lon }) => ({ lat, lon })), colour: '#123E8B' },
      { id: 'leg-1', points: [ARTS, MONT_RIBOUDET], colour: '#E2001A' },
      { id: 'leg-2', points: [MONT_RIBOUDET, KINDARENA], colour: WALK_COLOUR, dashed: true },
    ]);
  });

  it('draws a path of a single point straight between the stops', () => {
    const { lines } = journeyLayers(journey({ legs: [transit({ path: [{ lat: 1, lon: 2 }] })] }), label);
    expect(lines[0]?.points).toEqual([BOULINGRIN, ARTS]);
  });

  it('marks the start, the end and each change, both stops when a walk joins them', () => {
    const walkBetween = journey({
      legs: [
        transit({}),
        { mode: 'walk', from: ARTS, to: ARTS_T1, departs_at: '2026-11-25T11:36:00Z', arrives_at: '2026-11-25T11:38:00Z', distance_m: 40 },
        transit({ line: T1, from: ARTS_T1, to: MONT_RIBOUDET }),
      ],
    });
    expect(journeyLayers(twoLinesAndAWalk, label).markers.map((m) => m.label)).toEqual([
      'transit.map.origin|Boulingrin',
      'transit.map.transfer|Théâtre des Arts',
      'transit.map.destination|Kindarena',
    ]);
    expect(journeyLayers(walkBetween, label).markers.map((m) => m.label)).toEqual([
      'transit.map.origin|Boulingrin',
      'transit.map.transfer|Théâtre des Arts',
      'transit.map.transfer|Théâtre des Arts (T1)',
      'transit.map.destination|Mont-Riboudet',
    ]);
  });
});

describe('JourneyMap', () => {
  it('gives the map three lines in the legs’ colours, the walk dashed, and named markers for the start, the change and the end', () => {
    render(<JourneyMap journey={twoLinesAndAWalk} number={1} />);
    const map = screen.getByRole('region', { name: 'Carte de l’itinéraire 1' });
    expect(drawnLines(map)).toEqual([
      { id: 'leg-0', stroke: '#123E8B', dashed: false },
      { id: 'leg-1', stroke: '#E2001A', dashed: false },
      { id: 'leg-2', stroke: WALK_COLOUR, dashed: true },
    ]);
    expect(within(map).getByRole('img', { name: 'Départ : Boulingrin' })).toBeInTheDocument();
    expect(within(map).getByRole('img', { name: 'Correspondance : Théâtre des Arts' })).toBeInTheDocument();
    expect(within(map).getByRole('img', { name: 'Arrivée : Kindarena' })).toBeInTheDocument();
    // Nothing on the map to press: the timeline is the way through the journey.
    expect(within(map).queryAllByRole('button', { name: /Départ|Correspondance|Arrivée/ })).toHaveLength(0);
    expect(screen.getByText(/Pointillés gris : marche/)).toBeInTheDocument();
  });
});
