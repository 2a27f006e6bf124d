import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Journey, Place } from '../../api/transit';
import { CityMap, NEUTRAL_LINE_COLOUR, type MapLine, type MapMarker, type MapStatus } from '../../components/CityMap/CityMap';
import styles from './Transit.module.css';

/** Walks: dashed, in this grey. */
export const WALK_COLOUR = '#6b7280';

/** A line's colour as CSS (`#RRGGBB`, with or without its `#`); a neutral grey when it is missing or odd. */
export function lineColour(color: string | null | undefined): string {
  const hex = (color ?? '').trim().replace(/^#/, '');
  return /^([0-9a-f]{3}|[0-9a-f]{6})$/i.test(hex) ? `#${hex}` : NEUTRAL_LINE_COLOUR;
}

type Translate = (key: string, options: { place: string }) => string;

function placeKey(place: Place): string {
  return place.stop_id ?? `${place.lat.toFixed(6)},${place.lon.toFixed(6)}`;
}

/**
 * A journey as map layers: each transit leg through the stops it passes (`path`, or straight from
 * boarding to alighting when the server gives none), each walk dashed; markers at the start, the end
 * and every stop where one changes vehicles.
 */
export function journeyLayers(journey: Journey, t: Translate): { lines: MapLine[]; markers: MapMarker[] } {
  const lines: MapLine[] = journey.legs.map((leg, i) => {
    if (leg.mode === 'walk') return { id: `leg-${String(i)}`, points: [leg.from, leg.to], colour: WALK_COLOUR, dashed: true };
    const path = leg.path && leg.path.length >= 2 ? leg.path : [leg.from, leg.to];
    return { id: `leg-${String(i)}`, points: path, colour: lineColour(leg.line.color) };
  });
  const first = journey.legs[0];
  const last = journey.legs[journey.legs.length - 1];
  if (!first || !last) return { lines, markers: [] };
  const ends = new Set([placeKey(first.from), placeKey(last.to)]);
  const transit = journey.legs.filter((leg) => leg.mode === 'transit');
  const transfers = new Map<string, Place>();
  transit.forEach((leg, i) => {
    // Where one gets off a vehicle to take another (the same stop, or two joined by a walk).
    if (i > 0) transfers.set(placeKey(leg.from), leg.from);
    if (i < transit.length - 1) transfers.set(placeKey(leg.to), leg.to);
  });
  const markers: MapMarker[] = [
    { id: 'origin', lat: first.from.lat, lon: first.from.lon, label: t('transit.map.origin', { place: first.from.name }), symbol: '●', colour: '#1e7b34' },
    ...[...transfers]
      .filter(([key]) => !ends.has(key))
      .map(([key, place]) => ({
        id: `transfer-${key}`,
        lat: place.lat,
        lon: place.lon,
        label: t('transit.map.transfer', { place: place.name }),
        symbol: '⇄',
        colour: '#2f4a6d',
      })),
    { id: 'destination', lat: last.to.lat, lon: last.to.lon, label: t('transit.map.destination', { place: last.to.name }), symbol: '⚑', colour: '#b8372e' },
  ];
  return { lines, markers };
}

/** The selected journey on the map, framed; the timeline beside it says the same in words. */
interface JourneyMapProps {
  journey: Journey;
  /** The journey's number in the list (1 for the first). */
  number: number;
  id?: string;
  onStatusChange?: (status: MapStatus) => void;
}

export function JourneyMap({ journey, number, id, onStatusChange }: JourneyMapProps) {
  const { t } = useTranslation();
  const layers = useMemo(() => journeyLayers(journey, (key, options) => t(key, options)), [journey, t]);
  return (
    <div id={id} className={styles.mapPanel} data-testid="journey-map">
      <CityMap
        label={t('transit.map.journeyLabel', { n: number })}
        lines={layers.lines}
        markers={layers.markers}
        fitBounds
        caption={t('transit.map.legend')}
        unavailableMessage={t('transit.map.journeyUnavailable')}
        onStatusChange={onStatusChange}
      />
    </div>
  );
}
