import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import styles from './CityMap.module.css';

/** Rouen, Théâtre des Arts. */
export const ROUEN_CENTER: readonly [number, number] = [49.4404, 1.0939];

/** OpenStreetMap's tiles unless the build names others (`VITE_MAP_TILE_URL`); the CSP's img-src must allow its origin. */
export const TILE_URL: string = (import.meta.env.VITE_MAP_TILE_URL as string | undefined) ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

export interface MapMarker {
  id: string;
  lat: number;
  lon: number;
  /** The marker's accessible name (and tooltip). */
  label: string;
  /** A short symbol drawn in the marker (an emoji); a dot otherwise. */
  symbol?: string;
  /** A CSS colour for the marker's ring. */
  colour?: string;
}

export interface CityMapProps {
  /** The map's accessible name. */
  label: string;
  markers?: readonly MapMarker[];
  center?: readonly [number, number];
  zoom?: number;
  /** A marker was clicked, or pressed with Enter or Space. */
  onMarkerSelect?: (id: string) => void;
  /** When given, clicking the map picks a point (shown with `picked`). */
  onPick?: (lat: number, lon: number) => void;
  picked?: { lat: number; lon: number } | null;
  /** Shown with the message when the tiles cannot be loaded (a list of the same places, usually). */
  fallback?: ReactNode;
  /** No tile loaded within this time counts as a failure (no network, a blocked origin). */
  tileTimeoutMs?: number;
  tileUrl?: string;
  /** What to say when the tiles fail (by default: the map cannot be shown, the list says the same). */
  unavailableMessage?: string;
  className?: string;
}

type Status = 'loading' | 'ready' | 'failed';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}

function addMarker(layer: L.LayerGroup, m: MapMarker, keyboard: boolean, onSelect?: (id: string) => void) {
  const marker = L.marker([m.lat, m.lon], { icon: markerIcon(m), title: m.label, keyboard });
  if (onSelect) marker.on('click', () => { onSelect(m.id); });
  marker.addTo(layer);
  const element = marker.getElement();
  if (!element) return;
  const body = element.firstElementChild;
  if (body instanceof HTMLElement) body.style.borderColor = m.colour ?? '#2f4a6d';
  if (keyboard) {
    element.setAttribute('aria-label', m.label);
    element.addEventListener('keydown', (event) => {
      if (onSelect && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        onSelect(m.id);
      }
    });
  } else {
    element.setAttribute('aria-hidden', 'true');
  }
}

function markerIcon(marker: MapMarker): L.DivIcon {
  return L.divIcon({
    className: styles.marker,
    // No style attribute here: the CSP (style-src 'self') refuses inline ones; the colour is set below.
    html: `<span class="${styles.markerBody}">${escapeHtml(marker.symbol ?? '•')}</span>`,
    iconSize: [30, 30],
    iconAnchor: [15, 15],
  });
}

/**
 * A Leaflet map of Rouen with OpenStreetMap tiles and keyboard-reachable markers. Tiles come from outside:
 * when they fail (a `tileerror` before any tile loaded, or nothing within `tileTimeoutMs`) the map gives way
 * to a message and the `fallback`, so the page still says everything without it.
 */
export function CityMap({
  label,
  markers = [],
  center = ROUEN_CENTER,
  zoom = 13,
  onMarkerSelect,
  onPick,
  picked = null,
  fallback,
  tileTimeoutMs = 8000,
  tileUrl = TILE_URL,
  unavailableMessage,
  className,
}: CityMapProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const markerLayer = useRef<L.LayerGroup | null>(null);
  const pickedLayer = useRef<L.LayerGroup | null>(null);
  const [status, setStatus] = useState<Status>('loading');
  const select = useRef(onMarkerSelect);
  const pick = useRef(onPick);
  useEffect(() => {
    select.current = onMarkerSelect;
    pick.current = onPick;
  });
  const [lat, lon] = center;
  const zoomInTitle = t('traffic.map.zoomIn');
  const zoomOutTitle = t('traffic.map.zoomOut');
  const attribution = t('traffic.map.attribution');

  // The markers and the picked point: drawn when the map is made and whenever they change.
  const pickedLabel = t('traffic.map.picked');
  const drawn = useRef({ markers, picked, pickedLabel });
  const draw = useRef(() => {
    const { markers: list, picked: point, pickedLabel: name } = drawn.current;
    const layer = markerLayer.current;
    const pickedGroup = pickedLayer.current;
    if (!layer || !pickedGroup) return;
    layer.clearLayers();
    for (const m of list) addMarker(layer, m, true, (id) => select.current?.(id));
    pickedGroup.clearLayers();
    if (point) {
      addMarker(pickedGroup, { id: 'picked', lat: point.lat, lon: point.lon, label: name, symbol: '📍', colour: '#b8372e' }, false);
      map.current?.panTo([point.lat, point.lon]);
    }
  });
  const pickedLat = picked?.lat;
  const pickedLon = picked?.lon;
  useEffect(() => {
    drawn.current = { markers, picked: pickedLat === undefined || pickedLon === undefined ? null : { lat: pickedLat, lon: pickedLon }, pickedLabel };
    draw.current();
  }, [markers, pickedLat, pickedLon, pickedLabel]);

  // The map itself: made once per centre and tile source, removed on the way out.
  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const instance = L.map(element, { center: [lat, lon], zoom, zoomControl: false, attributionControl: false });
    L.control.zoom({ zoomInTitle, zoomOutTitle }).addTo(instance);
    L.control.attribution({ prefix: false }).addTo(instance);
    let loaded = false;
    let settled = false;
    const timer = window.setTimeout(() => {
      if (!loaded && !settled) {
        settled = true;
        setStatus('failed');
      }
    }, tileTimeoutMs);
    L.tileLayer(tileUrl, {
      maxZoom: 19,
      attribution: `<a href="https://www.openstreetmap.org/copyright">${escapeHtml(attribution)}</a>`,
    })
      .on('tileload', () => {
        loaded = true;
        if (!settled) {
          settled = true;
          window.clearTimeout(timer);
          setStatus('ready');
        }
      })
      .on('tileerror', () => {
        if (!loaded && !settled) {
          settled = true;
          window.clearTimeout(timer);
          setStatus('failed');
        }
      })
      .addTo(instance);
    markerLayer.current = L.layerGroup().addTo(instance);
    pickedLayer.current = L.layerGroup().addTo(instance);
    instance.on('click', (e: L.LeafletMouseEvent) => {
      pick.current?.(Number(e.latlng.lat.toFixed(6)), Number(e.latlng.lng.toFixed(6)));
    });
    map.current = instance;
    draw.current();
    return () => {
      window.clearTimeout(timer);
      instance.remove();
      map.current = null;
      markerLayer.current = null;
      pickedLayer.current = null;
    };
  }, [lat, lon, zoom, tileUrl, tileTimeoutMs, zoomInTitle, zoomOutTitle, attribution]);

  return (
    <div className={`${styles.wrapper} ${className ?? ''}`}>
      {status === 'failed' ? (
        <div className={styles.fallback}>
          <p role="status" className={styles.message}>
            {unavailableMessage ?? t('traffic.map.unavailable')}
          </p>
          {fallback}
        </div>
      ) : null}
      {status === 'loading' ? (
        <p role="status" className={styles.loading}>
          {t('traffic.map.loading')}
        </p>
      ) : null}
      <div
        ref={container}
        className={styles.map}
        role="region"
        aria-label={label}
        hidden={status === 'failed'}
        data-status={status}
      />
    </div>
  );
}
