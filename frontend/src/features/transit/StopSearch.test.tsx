import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { stop } from '../../test/transitFixtures';
import { StopSearch } from './StopSearch';

function mockGeolocation(impl: (ok: PositionCallback, fail: PositionErrorCallback) => void) {
  Object.defineProperty(navigator, 'geolocation', {
    configurable: true,
    value: { getCurrentPosition: vi.fn(impl) },
  });
}

describe('StopSearch', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
    Reflect.deleteProperty(navigator, 'geolocation');
  });

  it('searches stops by name as one types, and links each to its departures with its lines', async () => {
    const fake = fakeApi({ 'GET /transit/stops': { status: 200, data: { stops: [stop(), stop({ id: 'SSEVE', name: 'Saint-Sever', lines: [] })] } } });
    restore = fake.restore;
    renderWithProviders(<StopSearch />);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Rechercher un arrêt' }), 'theatre');
    const results = await screen.findByRole('list', { name: 'Arrêts' });
    expect(within(results).getByRole('link', { name: 'Théâtre des Arts' })).toHaveAttribute('href', '/transport/stops/TARTS');
    expect(within(results).getByRole('link', { name: 'Saint-Sever' })).toHaveAttribute('href', '/transport/stops/SSEVE');
    expect(within(results).getByRole('list', { name: 'Lignes desservies' })).toHaveTextContent(/Ligne M.*Ligne T1/);
    expect(screen.getByText('2 arrêts trouvés')).toBeInTheDocument();
    // Debounced: one request for the whole word.
    expect(fake.calls.filter((c) => c.url === '/transit/stops').map((c) => c.params.q)).toEqual(['theatre']);
  });

  it('puts the stops found on a map, where pressing one opens its departures', async () => {
    restore = fakeApi({ 'GET /transit/stops': { status: 200, data: { stops: [stop(), stop({ id: 'SSEVE', name: 'Saint-Sever', lat: 49.4335, lon: 1.0858, lines: [] })] } } }).restore;
    function Where() {
      return <output data-testid="where">{useLocation().pathname}</output>;
    }
    renderWithProviders(
      <Routes>
        <Route path="/transport" element={<StopSearch />} />
        <Route path="*" element={<Where />} />
      </Routes>,
      '/transport',
    );
    await userEvent.type(screen.getByRole('searchbox', { name: 'Rechercher un arrêt' }), 'a');
    const map = await screen.findByRole('region', { name: 'Carte des arrêts trouvés' });
    expect(within(map).getByRole('button', { name: 'Arrêt Théâtre des Arts' })).toBeInTheDocument();
    await userEvent.click(within(map).getByRole('button', { name: 'Arrêt Saint-Sever' }));
    expect(screen.getByTestId('where')).toHaveTextContent('/transport/stops/SSEVE');
  });

  it('says so when no stop matches', async () => {
    restore = fakeApi({ 'GET /transit/stops': { status: 200, data: { stops: [] } } }).restore;
    renderWithProviders(<StopSearch />);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Rechercher un arrêt' }), 'zzz');
    expect(await screen.findByText('Aucun arrêt trouvé.')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Carte des arrêts trouvés' })).toBeNull();
  });

  it('finds the nearest stops from the device’s position, with their distance', async () => {
    mockGeolocation((ok) => {
      ok({ coords: { latitude: 49.44071, longitude: 1.08893 } } as GeolocationPosition);
    });
    const fake = fakeApi({ 'GET /transit/stops': { status: 200, data: { stops: [stop({ distance_m: 120 }), stop({ id: 'GROS', name: 'Gros-Horloge', distance_m: 1450 })] } } });
    restore = fake.restore;
    renderWithProviders(<StopSearch />);
    await userEvent.click(screen.getByRole('button', { name: 'Autour de moi' }));
    expect(await screen.findByText('2 arrêts près de vous')).toBeInTheDocument();
    expect(fake.calls.at(-1)?.params).toMatchObject({ lat: 49.44071, lon: 1.08893 });
    expect(screen.getByText('à 120 m')).toBeInTheDocument();
    expect(screen.getByText('à 1,5 km')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Autour de moi' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('falls back to the name search when the position is refused or unsupported', async () => {
    mockGeolocation((_ok, fail) => {
      fail({ code: 1, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3, message: 'denied' });
    });
    const fake = fakeApi({});
    restore = fake.restore;
    renderWithProviders(<StopSearch />);
    await userEvent.click(screen.getByRole('button', { name: 'Autour de moi' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Vous n’avez pas autorisé l’accès à votre position');
    Reflect.deleteProperty(navigator, 'geolocation');
    await userEvent.click(screen.getByRole('button', { name: 'Autour de moi' }));
    await waitFor(() => {
      expect(screen.getByRole('alert')).toHaveTextContent('Votre navigateur ne donne pas votre position');
    });
    expect(fake.calls).toHaveLength(0);
  });
});
