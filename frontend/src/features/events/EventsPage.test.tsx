import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '../../api/session';
import { fakeApi, type FakeCall } from '../../test/fakeApi';
import { event, me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { EventsPage } from './EventsPage';

function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.search}</output>;
}

function page() {
  return (
    <Routes>
      <Route
        path="/events"
        element={
          <>
            <EventsPage />
            <Where />
          </>
        }
      />
    </Routes>
  );
}

const common = {
  'GET /events/categories': { status: 200, data: { items: [{ code: 'concerts', upcoming: 12 }, { code: 'markets', upcoming: 3 }] } },
  'GET /neighbourhoods': { status: 200, data: { items: [{ id: 'saint-sever', name: 'Saint-Sever' }, { id: 'vieux-marche', name: 'Vieux-Marché' }] } },
  'GET /events': { status: 200, data: { items: [event()], next_cursor: null } },
};

function lastList(calls: FakeCall[]): Record<string, unknown> | undefined {
  return calls.filter((c) => c.url === '/events').at(-1)?.params;
}

describe('EventsPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
    vi.useRealTimers();
  });

  it('filters by category with the chips, in the request and in the address', async () => {
    const fake = fakeApi(common);
    restore = fake.restore;
    renderWithProviders(page(), '/events');
    expect(await screen.findByRole('heading', { level: 1, name: 'Événements' })).toBeInTheDocument();
    expect(await screen.findByRole('article', { name: 'Orelsan en concert' })).toBeInTheDocument();
    expect(lastList(fake.calls)?.category).toBeUndefined();
    await userEvent.click(await screen.findByRole('button', { name: 'Concerts' }));
    await waitFor(() => {
      expect(lastList(fake.calls)?.category).toBe('concerts');
    });
    expect(screen.getByRole('button', { name: 'Concerts' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('where')).toHaveTextContent('category=concerts');
  });

  it('reads its filters from the address and sends them: free, neighbourhood, words, this weekend', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-02T10:00:00Z'));
    const fake = fakeApi(common);
    restore = fake.restore;
    renderWithProviders(page(), '/events?free=true&neighbourhood=saint-sever&q=jazz&when=weekend');
    await screen.findByRole('article', { name: 'Orelsan en concert' });
    expect(lastList(fake.calls)).toMatchObject({ free: 'true', neighbourhood: 'saint-sever', q: 'jazz', from: '2026-12-05', to: '2026-12-06' });
    expect(screen.getByLabelText('Gratuit uniquement')).toBeChecked();
    expect(screen.getByLabelText('Quand')).toHaveValue('weekend');
    expect(screen.getByRole('searchbox', { name: 'Rechercher un événement' })).toHaveValue('jazz');
  });

  it('changes the filters from the controls', async () => {
    const fake = fakeApi(common);
    restore = fake.restore;
    renderWithProviders(page(), '/events');
    await screen.findByRole('article', { name: 'Orelsan en concert' });
    await userEvent.click(screen.getByLabelText('Gratuit uniquement'));
    await waitFor(() => {
      expect(lastList(fake.calls)?.free).toBe('true');
    });
    await userEvent.selectOptions(await screen.findByLabelText('Quartier'), 'Vieux-Marché');
    await waitFor(() => {
      expect(lastList(fake.calls)?.neighbourhood).toBe('vieux-marche');
    });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Rechercher un événement' }), 'orelsan{Enter}');
    await waitFor(() => {
      expect(lastList(fake.calls)?.q).toBe('orelsan');
    });
    await userEvent.selectOptions(screen.getByLabelText('Quand'), 'Choisir les dates');
    await userEvent.type(screen.getByLabelText('Du'), '2026-12-10');
    await waitFor(() => {
      expect(lastList(fake.calls)?.from).toBe('2026-12-10');
    });
    expect(screen.getByTestId('where')).toHaveTextContent('when=custom');
  });

  it('says so when nothing matches, and clears the filters', async () => {
    const fake = fakeApi({
      ...common,
      'GET /events': (call) => ({ status: 200, data: { items: call.params.category ? [] : [event()], next_cursor: null } }),
    });
    restore = fake.restore;
    renderWithProviders(page(), '/events?category=markets');
    expect(await screen.findByText('Aucun événement ne correspond à ces filtres.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Effacer les filtres' }));
    expect(await screen.findByRole('article', { name: 'Orelsan en concert' })).toBeInTheDocument();
  });

  it('switches to the calendar, in the address too', async () => {
    useSession.getState().signIn('tok', me());
    const fake = fakeApi({ ...common, 'GET /events/calendar': { status: 200, data: { month: '2026-12', days: [] } } });
    restore = fake.restore;
    renderWithProviders(page(), '/events');
    await screen.findByRole('article', { name: 'Orelsan en concert' });
    await userEvent.click(screen.getByRole('button', { name: 'Calendrier' }));
    expect(screen.getByRole('button', { name: 'Calendrier' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('where')).toHaveTextContent('view=calendar');
    expect(await screen.findByRole('grid')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'S’abonner à mon agenda' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Liste' }));
    expect(screen.queryByRole('grid')).toBeNull();
  });
});
