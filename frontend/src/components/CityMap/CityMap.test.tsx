import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { CityMap, NEUTRAL_LINE_COLOUR, type MapLine } from './CityMap';

const markers = [
  { id: 'a', lat: 49.4404, lon: 1.0939, label: 'Accident : quai de la Bourse', symbol: '💥' },
  { id: 'b', lat: 49.4489, lon: 1.0937, label: 'Travaux : rue Jeanne-d’Arc' },
];

function tiles(): HTMLImageElement[] {
  return Array.from(document.querySelectorAll<HTMLImageElement>('img.leaflet-tile'));
}

describe('CityMap', () => {
  it('draws named, keyboard-reachable markers with translated zoom buttons', () => {
    const onSelect = vi.fn();
    renderWithProviders(<CityMap label="Carte des incidents" markers={markers} onMarkerSelect={onSelect} fallback={<p>la liste</p>} />);
    expect(screen.getByRole('region', { name: 'Carte des incidents' })).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Chargement de la carte…');
    expect(screen.getByRole('button', { name: 'Zoom avant' })).toBeInTheDocument();
    const marker = screen.getByRole('button', { name: 'Accident : quai de la Bourse' });
    expect(marker).toHaveAttribute('tabindex', '0');
    fireEvent.click(marker);
    expect(onSelect).toHaveBeenCalledWith('a');
    fireEvent.keyDown(screen.getByRole('button', { name: 'Travaux : rue Jeanne-d’Arc' }), { key: 'Enter' });
    expect(onSelect).toHaveBeenLastCalledWith('b');
    expect(tiles()[0]?.src).toMatch(/^https:\/\/tile\.openstreetmap\.org\/13\//);
    expect(screen.queryByText('la liste')).toBeNull();
  });

  it('gives way to a message and the fallback when a tile fails to load', async () => {
    const onStatusChange = vi.fn();
    renderWithProviders(<CityMap label="Carte" markers={markers} fallback={<p>la liste</p>} caption="légende" onStatusChange={onStatusChange} />);
    expect(onStatusChange).toHaveBeenLastCalledWith('loading');
    expect(screen.getByText('légende')).toBeInTheDocument();
    const tile = tiles()[0];
    expect(tile).toBeDefined();
    if (tile) fireEvent.error(tile);
    expect(await screen.findByText(/La carte ne peut pas être affichée/)).toBeInTheDocument();
    expect(onStatusChange).toHaveBeenLastCalledWith('failed');
    expect(screen.queryByText('légende')).toBeNull();
    expect(screen.getByText('la liste')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Carte' })).toBeNull();
  });

  it('gives way too when no tile arrives in time', () => {
    vi.useFakeTimers();
    try {
      renderWithProviders(<CityMap label="Carte" fallback={<p>la liste</p>} tileTimeoutMs={3000} />);
      expect(screen.queryByText('la liste')).toBeNull();
      act(() => {
        vi.advanceTimersByTime(3001);
      });
      expect(screen.getByText('la liste')).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the map once a tile has loaded, even if another fails', async () => {
    renderWithProviders(<CityMap label="Carte" fallback={<p>la liste</p>} />);
    const [first, second] = tiles();
    if (first) fireEvent.load(first);
    if (second) fireEvent.error(second);
    await waitFor(() => {
      expect(screen.getByRole('region', { name: 'Carte' })).toHaveAttribute('data-status', 'ready');
    });
    expect(screen.queryByText('la liste')).toBeNull();
  });

  it('picks a point where the map is clicked', () => {
    const onPick = vi.fn();
    renderWithProviders(<CityMap label="Carte" onPick={onPick} />);
    fireEvent.click(screen.getByRole('region', { name: 'Carte' }), { clientX: 10, clientY: 10 });
    expect(onPick).toHaveBeenCalledTimes(1);
    const [lat, lon] = onPick.mock.calls[0] as [number, number];
    expect(Number.isFinite(lat) && Number.isFinite(lon)).toBe(true);
  });

  describe('lines, named markers and fitting', () => {
    const lines: MapLine[] = [
      { id: 'metro', points: [{ lat: 49.4466, lon: 1.1034 }, { lat: 49.4407, lon: 1.0889 }, { lat: 49.4335, lon: 1.0858 }], colour: '#123E8B' },
      { id: 'walk', points: [{ lat: 49.4335, lon: 1.0858 }, { lat: 49.4339, lon: 1.0766 }], dashed: true },
      { id: 'lonely', points: [{ lat: 49.44, lon: 1.09 }] },
    ];

    function paths(): SVGPathElement[] {
      return Array.from(document.querySelectorAll<SVGPathElement>('.leaflet-overlay-pane path'));
    }

    function zoomOfTiles(): string | undefined {
      return /\/(\d+)\/\d+\/\d+\.png$/.exec(tiles()[0]?.src ?? '')?.[1];
    }

    // jsdom lays nothing out: a map of 400 × 300 pixels for the fits to have a size to fill.
    function sized() {
      const width = vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
      const height = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300);
      return () => {
        width.mockRestore();
        height.mockRestore();
      };
    }
    let restore: () => void = () => undefined;
    afterEach(() => {
      restore();
      restore = () => undefined;
    });

    it('draws each line of two points or more in its colour, dashed when asked, neutral by default', () => {
      renderWithProviders(<CityMap label="Carte du trajet" lines={lines} />);
      const drawn = paths();
      expect(drawn.map((p) => p.getAttribute('data-line-id'))).toEqual(['metro', 'walk']);
      const [metro, walk] = drawn;
      expect(metro).toHaveAttribute('stroke', '#123E8B');
      expect(metro).not.toHaveAttribute('stroke-dasharray');
      expect(walk).toHaveAttribute('stroke', NEUTRAL_LINE_COLOUR);
      expect(walk).toHaveAttribute('stroke-dasharray');
      expect(walk).toHaveAttribute('data-dashed', 'true');
    });

    it('redraws the lines when they change', () => {
      const { rerender } = render(<CityMap label="Carte" lines={lines} />);
      expect(paths()).toHaveLength(2);
      rerender(<CityMap label="Carte" lines={[{ id: 'bus', points: lines[0]?.points ?? [], colour: '#E2001A' }]} />);
      expect(paths()).toHaveLength(1);
      expect(paths()[0]).toHaveAttribute('stroke', '#E2001A');
    });

    it('names markers that select nothing as images, out of the tab order', () => {
      renderWithProviders(<CityMap label="Carte" markers={[{ id: 'o', lat: 49.4466, lon: 1.1034, label: 'Départ : Boulingrin', symbol: 'A' }]} />);
      const marker = screen.getByRole('img', { name: 'Départ : Boulingrin' });
      expect(marker).not.toHaveAttribute('tabindex');
      expect(screen.queryByRole('button', { name: 'Départ : Boulingrin' })).toBeNull();
    });

    it('frames the lines and markers, once per set of places', () => {
      restore = sized();
      const marker = { id: 'o', lat: 49.4466, lon: 1.1034, label: 'Départ : Boulingrin' };
      const { rerender } = render(<CityMap label="Carte" zoom={11} lines={lines} markers={[marker]} fitBounds />);
      const fitted = Number(zoomOfTiles());
      expect(fitted).toBeGreaterThan(11);
      expect(fitted).toBeLessThanOrEqual(16);
      fireEvent.click(screen.getByRole('button', { name: 'Zoom arrière' }));
      expect(Number(zoomOfTiles())).toBe(fitted - 1);
      // The same places again (a refetch): the reader's zoom stays.
      rerender(<CityMap label="Carte" zoom={11} lines={lines.map((l) => ({ ...l }))} markers={[{ ...marker }]} fitBounds />);
      expect(Number(zoomOfTiles())).toBe(fitted - 1);
      // One marker alone: as close as allowed.
      rerender(<CityMap label="Carte" zoom={11} markers={[marker]} fitBounds fitMaxZoom={15} />);
      expect(zoomOfTiles()).toBe('15');
    });
  });
});
