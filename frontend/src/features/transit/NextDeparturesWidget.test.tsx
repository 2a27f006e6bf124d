import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { departure, stopDepartures, T1, transitAlert } from '../../test/transitFixtures';
import { HOME_STOP_STORAGE_KEY, useHomeStop } from './homeStop';
import { NextDeparturesWidget } from './NextDeparturesWidget';

describe('NextDeparturesWidget', () => {
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

  it('shows the next departures from Théâtre des Arts when no stop was chosen', async () => {
    const fake = fakeApi({
      'GET /transit/stops/TARTS/departures': {
        status: 200,
        data: stopDepartures({
          departures: [
            departure({ expected_at: '2026-11-25T11:36:00Z', realtime: true }),
            departure({ line: T1, headsign: 'Mont-Riboudet', scheduled_at: '2026-11-25T11:45:00Z', cancelled: true, trip_id: 'T1-1' }),
          ],
          alerts: [transitAlert()],
        }),
      },
    });
    restore = fake.restore;
    renderWithProviders(<NextDeparturesWidget />);
    const widget = screen.getByRole('region', { name: 'Prochains départs' });
    const rows = await within(widget).findAllByRole('listitem');
    expect(rows[0]).toHaveTextContent('Ligne M');
    expect(rows[0]).toHaveTextContent('vers Boulingrin');
    expect(rows[0]).toHaveTextContent('dans 6 min');
    expect(rows[0]).toHaveTextContent('Temps réel');
    expect(rows[1]).toHaveTextContent('12:45 Supprimé');
    expect(within(widget).getByText('1 perturbation à cet arrêt')).toBeInTheDocument();
    expect(within(widget).getByRole('link', { name: 'Tous les départs de Théâtre des Arts' })).toHaveAttribute('href', '/transport/stops/TARTS');
    expect(within(widget).getByRole('link', { name: 'Changer d’arrêt' })).toHaveAttribute('href', '/transport');
    expect(fake.calls[0]?.params.limit).toBe(8);
  });

  it('remembers the stop the resident pinned, across visits', async () => {
    localStorage.setItem(HOME_STOP_STORAGE_KEY, JSON.stringify({ state: { favourite: { id: 'SSEVE', name: 'Saint-Sever' }, recent: { id: 'GROS', name: 'Gros-Horloge' } }, version: 0 }));
    await useHomeStop.persist.rehydrate();
    const fake = fakeApi({
      'GET /transit/stops/SSEVE/departures': { status: 200, data: stopDepartures({ stop: { id: 'SSEVE', name: 'Saint-Sever', lat: 49.43, lon: 1.08 } }) },
    });
    restore = fake.restore;
    renderWithProviders(<NextDeparturesWidget />);
    expect(await screen.findByRole('link', { name: 'Tous les départs de Saint-Sever' })).toHaveAttribute('href', '/transport/stops/SSEVE');
    expect(screen.getByText('Arrêt Saint-Sever')).toBeInTheDocument();
    expect(fake.calls.map((c) => c.url)).toEqual(['/transit/stops/SSEVE/departures']);
  });

  it('falls back to the last stop seen, and says when times are unavailable', async () => {
    useHomeStop.getState().setRecent({ id: 'GROS', name: 'Gros-Horloge' });
    restore = fakeApi({}).restore;
    renderWithProviders(<NextDeparturesWidget />);
    expect(await screen.findByText('Les horaires sont momentanément indisponibles.')).toBeInTheDocument();
    expect(screen.getByText('Arrêt Gros-Horloge')).toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem(HOME_STOP_STORAGE_KEY) ?? '{}')).toMatchObject({ state: { recent: { id: 'GROS' } } });
  });
});
