import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { event } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { EventList } from './EventList';

describe('EventList', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('loads the next page with the cursor', async () => {
    const fake = fakeApi({
      'GET /events': (call) =>
        call.params.cursor === 'c2'
          ? { status: 200, data: { items: [event({ id: 'E2', title: 'Marché de Noël' })], next_cursor: null } }
          : { status: 200, data: { items: [event()], next_cursor: 'c2' } },
    });
    restore = fake.restore;
    renderWithProviders(<EventList filters={{ category: 'concerts' }} />);
    await screen.findByRole('article', { name: 'Orelsan en concert' });
    await userEvent.click(screen.getByRole('button', { name: 'Voir plus' }));
    expect(await screen.findByRole('article', { name: 'Marché de Noël' })).toBeInTheDocument();
    await waitFor(() => {
      expect(screen.queryByRole('button', { name: 'Voir plus' })).toBeNull();
    });
    expect(fake.calls[1]?.params).toMatchObject({ category: 'concerts', cursor: 'c2' });
  });

  it('says when there is nothing to come, and when the server fails', async () => {
    const fake = fakeApi({ 'GET /events': { status: 200, data: { items: [], next_cursor: null } } });
    restore = fake.restore;
    const { unmount } = renderWithProviders(<EventList filters={{}} />);
    expect(await screen.findByText('Aucun événement à venir pour le moment.')).toBeInTheDocument();
    unmount();
    restore();
    restore = fakeApi({ 'GET /events': problem(503, 'service_unavailable') }).restore;
    renderWithProviders(<EventList filters={{}} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('momentanément indisponible');
  });
});
