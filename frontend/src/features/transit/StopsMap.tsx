import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CityMap, type MapMarker } from '../../components/CityMap/CityMap';
import styles from './Transit.module.css';

export interface MappedStop {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

interface StopsMapProps {
  stops: readonly MappedStop[];
  /** The map's accessible name. */
  label: string;
  /** Given, a marker pressed picks its stop (the list beside the map does the same from the keyboard). */
  onSelect?: (id: string) => void;
  unavailableMessage: string;
}

/** Stops as markers, framed; the list or board beside it is the same without the map. */
export function StopsMap({ stops, label, onSelect, unavailableMessage }: StopsMapProps) {
  const { t } = useTranslation();
  const key = stops.map((s) => `${s.id}:${s.name}:${String(s.lat)}:${String(s.lon)}`).join('|');
  const markers = useMemo<MapMarker[]>(
    () => stops.map((s) => ({ id: s.id, lat: s.lat, lon: s.lon, label: t('transit.map.stop', { stop: s.name }) })),
    // The stops by their content: a refetch with the same stops keeps the markers (and the reader's view).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, t],
  );
  return (
    <div className={styles.mapPanel}>
      <CityMap label={label} markers={markers} onMarkerSelect={onSelect} fitBounds unavailableMessage={unavailableMessage} />
    </div>
  );
}
