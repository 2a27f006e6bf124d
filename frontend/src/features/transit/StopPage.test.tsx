import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { stopDepartures } from '../../test/transitFixtures';
import { HOME_STOP_STORAGE_KEY, useHomeStop } from './homeStop';
import { StopPage } from './StopPage';

function page() {
  return (
    <Routes>
      <Route path="/transport/stops/:id" element={<StopPage />} />
    </Routes>
  );
}

describe('StopPage', () => {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T11:30:00Z'));
  });
  afterEach(() => {
    restore();
    vi.useRealTimers();
    useHomeStop.setState({ favourite: null, recent: null });
  });

  it('shows the stop’s departures, remembers it as recent, and pins it to the home page', async () => {
    restore = fakeApi({
      'GET /transit/stops/SSEVE/departures': { status: 200, data: stopDepartures({ stop: { id: 'SSEVE', name: 'Saint-Sever', lat: 49.43, lon: 1.08 } }) },
    }).restore;
    renderWithProviders(page(), '/transport/stops/SSEVE');
    expect(await screen.findByRole('heading', { level: 2, name: 'Départs de Saint-Sever' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Ligne M Métro' })).toHaveTextContent('Boulingrin');
    expect(useHomeStop.getState().recent).toEqual({ id: 'SSEVE', name: 'Saint-Sever' });
    // The stop on a map: named, nothing to press (it is the stop shown).
    const map = screen.getByRole('region', { name: 'Carte de l’arrêt Saint-Sever' });
    expect(within(map).getByRole('img', { name: 'Arrêt Saint-Sever' })).toBeInTheDocument();
    const pin = screen.getByRole('button', { name: 'Afficher sur l’accueil' });
    expect(pin).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(pin);
    expect(pin).toHaveAttribute('aria-pressed', 'true');
    expect(JSON.parse(localStorage.getItem(HOME_STOP_STORAGE_KEY) ?? '{}')).toMatchObject({ state: { favourite: { id: 'SSEVE', name: 'Saint-Sever' } } });
    await userEvent.click(pin);
    expect(useHomeStop.getState().favourite).toBeNull();
    expect(screen.getByRole('link', { name: '← Chercher un autre arrêt' })).toHaveAttribute('href', '/transport');
  });
});
