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

export interface MapPoint {
  lat: number;
  lon: number;
}

export interface MapLine {
  id: string;
  /** Two points or more, in order. */
  points: readonly MapPoint[];
  /** A CSS colour (the line's); a neutral grey otherwise. */
  colour?: string;
  /** Drawn dashed (a walk, say). */
  dashed?: boolean;
}

/** The colour of lines given none. */
export const NEUTRAL_LINE_COLOUR = '#5f6b7a';
const DASH = '2 9';

export interface CityMapProps {
  /** The map's accessible name. */
  label: string;
  markers?: readonly MapMarker[];
  /** Polylines under the markers (a journey's legs, say); drawn for sight only, the page says the same in words. */
  lines?: readonly MapLine[];
  /** Frame the markers and lines whenever their places change (the centre and zoom are then only a start). */
  fitBounds?: boolean;
  /** The closest a fit may zoom (one marker alone, say). */
  fitMaxZoom?: number;
  center?: readonly [number, number];
  zoom?: number;
  /** A marker was clicked, or pressed with Enter or Space. */
  onMarkerSelect?: (id: string) => void;
  /** When given, clicking the map picks a point (shown with `picked`). */
  onPick?: (lat: number, lon: number) => void;
  picked?: { lat: number; lon: number } | null;
  /** Shown under the map while it is shown (a legend, say); not with the fallback. */
  caption?: ReactNode;
  /** Shown with the message when the tiles cannot be loaded (a list of the same places, usually). */
  fallback?: ReactNode;
  /** No tile loaded within this time counts as a failure (no network, a blocked origin). */
  tileTimeoutMs?: number;
  tileUrl?: string;
  /** The map's state changed: `failed` means it gave way to the message (and the fallback). */
  onStatusChange?: (status: MapStatus) => void;
  /** What to say when the tiles fail (by default: the map cannot be shown, the list says the same). */
  unavailableMessage?: string;
  className?: string;
}

export type MapStatus = 'loading' | 'ready' | 'failed';
type Status = MapStatus;

const NO_MARKERS: readonly MapMarker[] = [];
const NO_LINES: readonly MapLine[] = [];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}

/**
 * How a marker reads: a button that selects it (`select`), a named image that does nothing when pressed
 * (`named`: out of the tab order), or nothing at all for assistive technology (`hidden`).
 */
type MarkerAccess = 'select' | 'named' | 'hidden';

function addMarker(layer: L.LayerGroup, m: MapMarker, access: MarkerAccess, onSelect?: (id: string) => void) {
  const keyboard = access === 'select';
  const marker = L.marker([m.lat, m.lon], { icon: markerIcon(m), title: m.label, keyboard });
  if (onSelect && keyboard) marker.on('click', () => { onSelect(m.id); });
  marker.addTo(layer);
  const element = marker.getElement();
  if (!element) return;
  element.dataset.markerId = m.id;
  const body = element.firstElementChild;
  if (body instanceof HTMLElement) body.style.borderColor = m.colour ?? '#2f4a6d';
  if (access === 'select') {
    element.setAttribute('aria-label', m.label);
    element.addEventListener('keydown', (event) => {
      if (onSelect && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        onSelect(m.id);
      }
    });
  } else if (access === 'named') {
    element.setAttribute('role', 'img');
    element.setAttribute('aria-label', m.label);
    element.firstElementChild?.setAttribute('aria-hidden', 'true');
  } else {
    element.setAttribute('aria-hidden', 'true');
  }
}

function addLine(layer: L.LayerGroup, line: MapLine) {
  const polyline = L.polyline(
    line.points.map((p) => [p.lat, p.lon] as [number, number]),
    {
      color: line.colour ?? NEUTRAL_LINE_COLOUR,
      weight: line.dashed ? 4 : 6,
      opacity: 0.9,
      dashArray: line.dashed ? DASH : undefined,
      lineCap: 'round',
      interactive: false,
    },
  );
  polyline.addTo(layer);
  const element = polyline.getElement();
  if (element) {
    element.setAttribute('data-line-id', line.id);
    if (line.dashed) element.setAttribute('data-dashed', 'true');
  }
}

/** The places a fit frames, as one string: a fit happens again only when it changes (not on every refetch). */
function fitKey(markers: readonly MapMarker[], lines: readonly MapLine[]): string {
  const points = [...markers, ...lines.flatMap((l) => l.points)];
  return points.map((p) => `${p.lat.toFixed(6)},${p.lon.toFixed(6)}`).join(';');
}

function fitView(instance: L.Map, markers: readonly MapMarker[], lines: readonly MapLine[], maxZoom: number) {
  const points = [...markers, ...lines.flatMap((l) => l.points)].map((p) => L.latLng(p.lat, p.lon));
  if (points.length === 0) return;
  const bounds = L.latLngBounds(points);
  const size = instance.getSize();
  // A map with no size yet (hidden, or not laid out) has no zoom that fits: its centre at least.
  if (size.x > 0 && size.y > 0) instance.fitBounds(bounds, { padding: [24, 24], maxZoom, animate: false });
  else instance.setView(bounds.getCenter(), instance.getZoom(), { animate: false });
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
  markers = NO_MARKERS,
  lines = NO_LINES,
  fitBounds = false,
  fitMaxZoom = 16,
  center = ROUEN_CENTER,
  zoom = 13,
  onMarkerSelect,
  onPick,
  picked = null,
  caption,
  fallback,
  tileTimeoutMs = 8000,
  tileUrl = TILE_URL,
  unavailableMessage,
  onStatusChange,
  className,
}: CityMapProps) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const markerLayer = useRef<L.LayerGroup | null>(null);
  const lineLayer = useRef<L.LayerGroup | null>(null);
  const fitted = useRef<string | null>(null);
  const pickedLayer = useRef<L.LayerGroup | null>(null);
  const [status, setStatus] = useState<Status>('loading');
  const select = useRef(onMarkerSelect);
  const pick = useRef(onPick);
  const statusChanged = useRef(onStatusChange);
  useEffect(() => {
    select.current = onMarkerSelect;
    pick.current = onPick;
    statusChanged.current = onStatusChange;
  });
  useEffect(() => {
    statusChanged.current?.(status);
  }, [status]);
  const [lat, lon] = center;
  const zoomInTitle = t('traffic.map.zoomIn');
  const zoomOutTitle = t('traffic.map.zoomOut');
  const attribution = t('traffic.map.attribution');

  // The lines, the markers and the picked point: drawn when the map is made and whenever they change.
  const pickedLabel = t('traffic.map.picked');
  const selectable = onMarkerSelect !== undefined;
  const drawn = useRef({ markers, lines, selectable, fit: fitBounds, fitMaxZoom, picked, pickedLabel });
  const draw = useRef(() => {
    const { markers: list, lines: paths, selectable: canSelect, fit, fitMaxZoom: maxZoom, picked: point, pickedLabel: name } = drawn.current;
    const layer = markerLayer.current;
    const lineGroup = lineLayer.current;
    const pickedGroup = pickedLayer.current;
    if (!layer || !lineGroup || !pickedGroup) return;
    lineGroup.clearLayers();
    for (const l of paths) if (l.points.length >= 2) addLine(lineGroup, l);
    layer.clearLayers();
    for (const m of list) addMarker(layer, m, canSelect ? 'select' : 'named', (id) => select.current?.(id));
    if (fit && map.current) {
      const key = fitKey(list, paths);
      if (key !== fitted.current) {
        fitted.current = key;
        fitView(map.current, list, paths, maxZoom);
      }
    }
    pickedGroup.clearLayers();
    if (point) {
      addMarker(pickedGroup, { id: 'picked', lat: point.lat, lon: point.lon, label: name, symbol: '📍', colour: '#b8372e' }, 'hidden');
      map.current?.panTo([point.lat, point.lon]);
    }
  });
  const pickedLat = picked?.lat;
  const pickedLon = picked?.lon;
  useEffect(() => {
    drawn.current = {
      markers,
      lines,
      selectable,
      fit: fitBounds,
      fitMaxZoom,
      picked: pickedLat === undefined || pickedLon === undefined ? null : { lat: pickedLat, lon: pickedLon },
      pickedLabel,
    };
    draw.current();
  }, [markers, lines, selectable, fitBounds, fitMaxZoom, pickedLat, pickedLon, pickedLabel]);

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
    lineLayer.current = L.layerGroup().addTo(instance);
    markerLayer.current = L.layerGroup().addTo(instance);
    pickedLayer.current = L.layerGroup().addTo(instance);
    instance.on('click', (e: L.LeafletMouseEvent) => {
      pick.current?.(Number(e.latlng.lat.toFixed(6)), Number(e.latlng.lng.toFixed(6)));
    });
    map.current = instance;
    fitted.current = null;
    draw.current();
    return () => {
      window.clearTimeout(timer);
      instance.remove();
      map.current = null;
      lineLayer.current = null;
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
      {caption && status !== 'failed' ? <div className={styles.caption}>{caption}</div> : null}
    </div>
  );
}
