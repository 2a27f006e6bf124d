import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { CityMap } from './CityMap';

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
    renderWithProviders(<CityMap label="Carte" markers={markers} fallback={<p>la liste</p>} />);
    const tile = tiles()[0];
    expect(tile).toBeDefined();
    if (tile) fireEvent.error(tile);
    expect(await screen.findByText(/La carte ne peut pas être affichée/)).toBeInTheDocument();
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
});
