import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../../api/types';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { BlockedPage } from './BlockedPage';

const paul: ProfileSummary = { id: 'U2', username: 'paul_rg', display_name: 'Paul Rive Gauche', avatar: null, neighbourhood: null };
const lea: ProfileSummary = { id: 'U3', username: 'lea', display_name: 'Léa', avatar: null, neighbourhood: null };

describe('BlockedPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('lists blocked and muted residents and undoes each', async () => {
    let blocked = [paul];
    const fake = fakeApi({
      'GET /users/me/follow-requests': { status: 200, data: { items: [], next_cursor: null } },
      'GET /users/me/blocks': () => ({ status: 200, data: { items: blocked, next_cursor: null } }),
      'GET /users/me/mutes': { status: 200, data: { items: [lea], next_cursor: null } },
      'DELETE /users/U2/block': () => {
        blocked = [];
        return { status: 204 };
      },
      'DELETE /users/U3/mute': { status: 204 },
    });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<BlockedPage />);
    const blocks = await screen.findByRole('list', { name: 'Comptes bloqués' });
    expect(within(blocks).getByText('@paul_rg')).toBeInTheDocument();
    expect(await screen.findByText('Aucune demande en attente.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Débloquer Paul Rive Gauche' }));
    expect(await screen.findByText('Vous n’avez bloqué personne.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Ne plus masquer Léa' }));
    expect(fake.calls.map((c) => `${c.method} ${c.url}`)).toContain('DELETE /users/U3/mute');
  });
});
