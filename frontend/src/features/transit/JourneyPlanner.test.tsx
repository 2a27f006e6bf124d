import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { F1, journey, stop } from '../../test/transitFixtures';
import { JourneyPlanner } from './JourneyPlanner';

function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.search}</output>;
}

function page() {
  return (
    <Routes>
      <Route
        path="/transport/plan"
        element={
          <>
            <JourneyPlanner />
            <Where />
          </>
        }
      />
    </Routes>
  );
}

const linked = '/transport/plan?from=TARTS&from_name=Th%C3%A9%C3%A2tre+des+Arts&to=SSEVE&to_name=Saint-Sever&date=2026-11-25&time=12%3A30&arrive_by=true';

describe('JourneyPlanner', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
    Reflect.deleteProperty(navigator, 'geolocation');
  });

  it('reads a linked search from the address and shows each journey as a timeline of legs', async () => {
    const fake = fakeApi({ 'GET /traffic/routes': { status: 200, data: { journeys: [journey(), journey({ transfers: 1, departs_at: '2026-11-25T11:40:00Z' })] } } });
    restore = fake.restore;
    renderWithProviders(page(), linked);
    const first = await screen.findByRole('article', { name: 'Itinéraire 1 : 12:30 → 12:52' });
    expect(fake.calls[0]?.params).toEqual({ from: 'TARTS', to: 'SSEVE', at: '2026-11-25T11:30:00Z', arrive_by: 'true' });
    expect(screen.getByText('2 itinéraires trouvés')).toBeInTheDocument();
    expect(first).toHaveTextContent('Durée : 22 min');
    expect(first).toHaveTextContent('Sans correspondance');
    expect(first).toHaveTextContent('Marche : 420 m');
    const legs = within(within(first).getByRole('list', { name: 'Étapes' })).getAllByRole('listitem');
    expect(legs).toHaveLength(3);
    expect(legs[0]).toHaveTextContent('Marche 350 m (5 min)');
    expect(legs[0]).toHaveTextContent('jusqu’à Théâtre des Arts · 12:30 – 12:35');
    expect(legs[1]).toHaveTextContent('Ligne M');
    expect(legs[1]).toHaveTextContent('Métro direction Technopôle');
    expect(legs[1]).toHaveTextContent('12:37 Théâtre des Arts');
    expect(legs[1]).toHaveTextContent('2 arrêts');
    expect(legs[1]).toHaveTextContent('12:41 Saint-Sever');
    expect(screen.getByRole('article', { name: /^Itinéraire 2/ })).toHaveTextContent('1 correspondance');
    // The form shows the search it came from.
    expect(screen.getByRole('combobox', { name: 'Départ' })).toHaveValue('Théâtre des Arts');
    expect(screen.getByRole('combobox', { name: 'Arrivée' })).toHaveValue('Saint-Sever');
    expect(screen.getByRole('radio', { name: 'Arriver avant' })).toBeChecked();
    expect(screen.getByLabelText('Date')).toHaveValue('2026-11-25');
    expect(screen.getByLabelText('Heure')).toHaveValue('12:30');
  });

  it('draws the first journey on a map, and another once it is chosen', async () => {
    const second = journey({ departs_at: '2026-11-25T11:40:00Z', arrives_at: '2026-11-25T12:02:00Z' });
    const secondLeg = second.legs[1];
    if (secondLeg?.mode === 'transit') secondLeg.line = F1;
    restore = fakeApi({ 'GET /traffic/routes': { status: 200, data: { journeys: [journey(), second] } } }).restore;
    renderWithProviders(page(), linked);
    const strokes = (map: HTMLElement) => Array.from(map.querySelectorAll('.leaflet-overlay-pane path')).map((p) => p.getAttribute('stroke'));

    const map = await screen.findByRole('region', { name: 'Carte de l’itinéraire 1' });
    expect(strokes(map)).toEqual(['#6b7280', '#123E8B', '#6b7280']);
    expect(within(map).getByRole('img', { name: 'Départ : Ma position' })).toBeInTheDocument();
    expect(within(map).getByRole('img', { name: 'Arrivée : Le 106' })).toBeInTheDocument();
    const first = screen.getByRole('article', { name: /^Itinéraire 1/ });
    const other = screen.getByRole('article', { name: /^Itinéraire 2/ });
    expect(within(first).getByRole('button', { name: 'Voir sur la carte' })).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(within(other).getByRole('button', { name: 'Voir sur la carte' }));
    const redrawn = screen.getByRole('region', { name: 'Carte de l’itinéraire 2' });
    expect(strokes(redrawn)).toEqual(['#6b7280', '#FFD500', '#6b7280']);
    expect(within(other).getByRole('button', { name: 'Voir sur la carte' })).toHaveAttribute('aria-pressed', 'true');
    expect(within(first).getByRole('button', { name: 'Voir sur la carte' })).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getAllByTestId('journey-map')).toHaveLength(1);
  });

  it('leaves out the map buttons once the map gives way to its message', async () => {
    restore = fakeApi({ 'GET /traffic/routes': { status: 200, data: { journeys: [journey(), journey()] } } }).restore;
    renderWithProviders(page(), linked);
    await screen.findByRole('region', { name: 'Carte de l’itinéraire 1' });
    expect(screen.getAllByRole('button', { name: 'Voir sur la carte' })).toHaveLength(2);
    const tile = screen.getByTestId('journey-map').querySelector('img.leaflet-tile');
    if (tile) fireEvent.error(tile);
    expect(await screen.findByText(/Les étapes de l’itinéraire donnent le même trajet/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Voir sur la carte' })).toBeNull();
    expect(screen.getByRole('article', { name: /^Itinéraire 1/ })).not.toHaveAttribute('data-selected');
  });

  it('says when no journey was found', async () => {
    restore = fakeApi({ 'GET /traffic/routes': { status: 200, data: { journeys: [] } } }).restore;
    renderWithProviders(page(), linked);
    expect(await screen.findByText('Aucun itinéraire trouvé pour ce trajet à cette heure.')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Itinéraires' })).toBeNull();
  });

  it('puts a refusal’s field errors on their fields', async () => {
    restore = fakeApi({
      'GET /traffic/routes': problem(400, 'validation_failed', { errors: { from: ['Arrêt inconnu : TARTS'], at: ['Date invalide'] } }),
    }).restore;
    renderWithProviders(page(), linked);
    await waitFor(() => {
      expect(screen.getByRole('combobox', { name: 'Départ' })).toHaveAccessibleDescription('Arrêt inconnu : TARTS');
    });
    expect(screen.getByRole('combobox', { name: 'Départ' })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('group', { name: 'Quand' })).toHaveAccessibleDescription('Date invalide');
    expect(screen.getByRole('combobox', { name: 'Arrivée' })).not.toHaveAttribute('aria-invalid');
  });

  it('shows a refusal that is about no field as a whole', async () => {
    restore = fakeApi({ 'GET /traffic/routes': problem(503, 'service_unavailable') }).restore;
    renderWithProviders(page(), linked);
    expect(await screen.findByRole('alert')).toHaveTextContent('Le service est momentanément indisponible.');
  });

  it('asks for both stops, then puts the search in the address', async () => {
    const fake = fakeApi({
      'GET /transit/stops': (call) => ({ status: 200, data: { stops: call.params.q === 'the' ? [stop()] : [stop({ id: 'SSEVE', name: 'Saint-Sever', lines: [] })] } }),
      'GET /traffic/routes': { status: 200, data: { journeys: [journey()] } },
    });
    restore = fake.restore;
    renderWithProviders(page(), '/transport/plan');
    await userEvent.click(screen.getByRole('button', { name: 'Rechercher un itinéraire' }));
    expect(screen.getByRole('combobox', { name: 'Départ' })).toHaveAccessibleDescription('Indiquez un arrêt.');
    expect(screen.getByRole('combobox', { name: 'Arrivée' })).toHaveAccessibleDescription('Indiquez un arrêt.');

    await userEvent.type(screen.getByRole('combobox', { name: 'Départ' }), 'the');
    await userEvent.click(await screen.findByRole('option', { name: /Théâtre des Arts/ }));
    await userEvent.type(screen.getByRole('combobox', { name: 'Arrivée' }), 'sev');
    await userEvent.click(await screen.findByRole('option', { name: /Saint-Sever/ }));
    await userEvent.clear(screen.getByLabelText('Date'));
    await userEvent.type(screen.getByLabelText('Date'), '2026-11-25');
    await userEvent.clear(screen.getByLabelText('Heure'));
    await userEvent.type(screen.getByLabelText('Heure'), '08:15');
    await userEvent.click(screen.getByRole('button', { name: 'Rechercher un itinéraire' }));

    expect(await screen.findByRole('article', { name: /^Itinéraire 1/ })).toBeInTheDocument();
    const where = new URLSearchParams(screen.getByTestId('where').textContent);
    expect(Object.fromEntries(where)).toEqual({ from: 'TARTS', from_name: 'Théâtre des Arts', to: 'SSEVE', to_name: 'Saint-Sever', date: '2026-11-25', time: '08:15' });
    expect(fake.calls.filter((c) => c.url === '/traffic/routes').at(-1)?.params).toEqual({ from: 'TARTS', to: 'SSEVE', at: '2026-11-25T07:15:00Z' });
  });

  it('starts from the device’s position when asked', async () => {
    Object.defineProperty(navigator, 'geolocation', {
      configurable: true,
      value: {
        getCurrentPosition: vi.fn((ok: PositionCallback) => {
          ok({ coords: { latitude: 49.44, longitude: 1.09 } } as GeolocationPosition);
        }),
      },
    });
    restore = fakeApi({}).restore;
    renderWithProviders(page(), '/transport/plan?to=SSEVE&to_name=Saint-Sever');
    await userEvent.click(screen.getByRole('button', { name: 'Ma position' }));
    expect(screen.getByRole('combobox', { name: 'Départ' })).toHaveValue('Ma position');
    await userEvent.click(screen.getByRole('button', { name: 'Rechercher un itinéraire' }));
    await waitFor(() => {
      expect(screen.getByTestId('where')).toHaveTextContent('from=49.44%2C1.09');
    });
  });
});
