import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { NotificationsPeek } from './NotificationsPeek';

const alice = { id: 'A', username: 'alice', display_name: 'Alice', avatar: null, neighbourhood: null };

describe('NotificationsPeek', () => {
  it('shows the newest notifications with links to what they are about', async () => {
    const fake = fakeApi({
      'GET /notifications': {
        status: 200,
        data: {
          items: [
            { ids: ['1'], kind: 'message', actors: [alice], actor_count: 1, post_id: null, conversation_id: 'C1', created_at: '2026-11-25T10:00:00Z', read: false },
            { ids: ['2'], kind: 'like', actors: [alice], actor_count: 1, post_id: 'P1', created_at: '2026-11-25T09:00:00Z', read: true },
          ],
          next_cursor: null,
        },
      },
    });
    renderWithProviders(<NotificationsPeek />);
    await userEvent.click(screen.getByLabelText('Dernières notifications'));
    expect(await screen.findByRole('link', { name: 'Alice vous a écrit.' })).toHaveAttribute('href', '/messages/C1');
    expect(screen.getByRole('link', { name: /Alice aime votre publication/ })).toHaveAttribute('href', '/posts/P1');
    expect(screen.getByRole('link', { name: 'Toutes les notifications' })).toHaveAttribute('href', '/notifications');
    fake.restore();
  });
});
