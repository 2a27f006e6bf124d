import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { useSession } from '../../api/session';
import { fakeApi, type FakeCall } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { incident, residentReport } from './fixtures';
import { TrafficPage } from './TrafficPage';

function page() {
  return (
    <Routes>
      <Route path="/traffic" element={<TrafficPage />} />
    </Routes>
  );
}

const routes = {
  'GET /traffic/incidents': (call: FakeCall) => ({
    status: 200,
    data: { incidents: call.params.source === 'resident' ? [residentReport()] : call.params.type === 'police' ? [] : [incident(), residentReport()] },
  }),
};

function lastParams(calls: FakeCall[]) {
  return calls.filter((c) => c.url === '/traffic/incidents').at(-1)?.params;
}

describe('TrafficPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('lists the incidents and shows them on the map', async () => {
    restore = fakeApi(routes).restore;
    renderWithProviders(page(), '/traffic');
    expect(screen.getByRole('heading', { level: 1, name: 'Trafic routier' })).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Incidents' });
    expect(within(list).getAllByRole('article')).toHaveLength(2);
    const map = screen.getByRole('region', { name: 'Carte des incidents' });
    expect(within(map).getByRole('button', { name: 'Accident : Accrochage au rond-point Saint-Paul' })).toBeInTheDocument();
    expect(within(map).getByRole('button', { name: 'Travaux : Travaux de voirie quai de Paris' })).toBeInTheDocument();
  });

  it('filters by type and by source', async () => {
    const fake = fakeApi(routes);
    restore = fake.restore;
    renderWithProviders(page(), '/traffic');
    await screen.findByRole('list', { name: 'Incidents' });
    await userEvent.selectOptions(screen.getByLabelText('Source'), 'Habitants');
    await waitFor(() => {
      expect(lastParams(fake.calls)).toMatchObject({ source: 'resident' });
    });
    expect(await screen.findByRole('article', { name: 'Accrochage au rond-point Saint-Paul' })).toBeInTheDocument();
    await waitFor(() => {
      expect(screen.getAllByRole('article')).toHaveLength(1);
    });
    await userEvent.selectOptions(screen.getByLabelText('Source'), 'Toutes les sources');
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'Contrôle de police');
    await waitFor(() => {
      expect(lastParams(fake.calls)).toEqual({ type: 'police', source: undefined, bbox: undefined });
    });
    expect(await screen.findByText('Aucun incident ne correspond à ces filtres.')).toBeInTheDocument();
  });

  it('keeps the list and says so when the map tiles cannot load', async () => {
    restore = fakeApi(routes).restore;
    renderWithProviders(page(), '/traffic');
    await screen.findByRole('list', { name: 'Incidents' });
    const tile = document.querySelector<HTMLImageElement>('img.leaflet-tile');
    expect(tile).not.toBeNull();
    if (tile) fireEvent.error(tile);
    expect(await screen.findByText(/La carte ne peut pas être affichée/)).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Carte des incidents' })).toBeNull();
    expect(screen.getAllByRole('article')).toHaveLength(2);
  });

  it('asks visitors to sign in, and opens the report form for residents', async () => {
    restore = fakeApi(routes).restore;
    const { unmount } = renderWithProviders(page(), '/traffic');
    expect(screen.getByRole('link', { name: 'Connectez-vous pour confirmer un incident ou en signaler un.' })).toHaveAttribute('href', '/login?next=%2Ftraffic');
    expect(screen.queryByRole('button', { name: 'Signaler un incident' })).toBeNull();
    unmount();

    useSession.getState().signIn('tok', me());
    renderWithProviders(page(), '/traffic');
    const open = screen.getByRole('button', { name: 'Signaler un incident' });
    expect(open).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(open);
    expect(screen.getByRole('form', { name: 'Signaler un incident' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Fermer le formulaire' })).toHaveAttribute('aria-expanded', 'true');
  });
});
