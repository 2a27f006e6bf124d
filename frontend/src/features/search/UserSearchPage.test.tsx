import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { UserSearchPage } from './UserSearchPage';

describe('UserSearchPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('waits for the typing to stop, then asks once', async () => {
    const fake = fakeApi({
      'GET /users/search': {
        status: 200,
        data: { items: [{ id: '1', username: 'elo_76', display_name: 'Élodie Martin', avatar: null, neighbourhood: null }] },
      },
    });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<UserSearchPage />);
    await user.type(screen.getByLabelText('Nom, mot-clé ou centre d’intérêt'), 'elodie');
    expect(await screen.findByRole('link', { name: /Élodie Martin/ })).toHaveAttribute('href', '/profile/elo_76');
    expect(fake.calls).toHaveLength(1);
  });

  it('says when nobody matches', async () => {
    restore = fakeApi({ 'GET /users/search': { status: 200, data: { items: [] } } }).restore;
    const user = userEvent.setup();
    renderWithProviders(<UserSearchPage />);
    await user.type(screen.getByRole('searchbox'), 'zzz');
    expect(await screen.findByText('Personne ne correspond à « zzz ».')).toBeInTheDocument();
  });
});
