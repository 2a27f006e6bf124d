import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { NotificationsPage } from './NotificationsPage';

const alice = { id: 'A', username: 'alice', display_name: 'Alice', avatar: null, neighbourhood: null };
const bob = { id: 'B', username: 'bob', display_name: 'Bob', avatar: null, neighbourhood: null };

describe('NotificationsPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('says who in one line for bursts and marks everything read', async () => {
    const fake = fakeApi({
      'GET /notifications': {
        status: 200,
        data: {
          items: [
            { ids: ['1', '2', '3', '4'], kind: 'like', actors: [alice, bob], actor_count: 13, post_id: 'P1', created_at: '2026-11-25T10:00:00Z', read: false },
            { ids: ['5'], kind: 'follow', actors: [bob], actor_count: 1, post_id: null, created_at: '2026-11-25T09:00:00Z', read: true },
          ],
        },
      },
      'POST /notifications/read': { status: 200, data: { marked: 4 } },
    });
    restore = fake.restore;
    renderWithProviders(<NotificationsPage />);
    expect(await screen.findByText(/Alice et 12 autres personnes aiment votre publication/)).toBeInTheDocument();
    expect(screen.getByText(/Bob vous suit/)).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'Voir' })[0]).toHaveAttribute('href', '/posts/P1');
    await userEvent.click(screen.getByRole('button', { name: 'Tout marquer comme lu' }));
    expect(fake.calls.some((c) => c.method === 'POST' && c.url === '/notifications/read')).toBe(true);
  });
});
