import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { ProfileHeader } from './ProfileHeader';

describe('ProfileHeader', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('shows names, neighbourhood, interests and counts', async () => {
    restore = fakeApi({ 'GET /neighbourhoods': { status: 200, data: { items: [{ id: 'saint-sever', name: 'Saint-Sever' }] } } }).restore;
    const profile = { ...me(), private_account: true, relationship: { following: false, followed_by: true, requested: false, blocking: false, muting: false } };
    renderWithProviders(<ProfileHeader profile={profile} />);
    expect(screen.getByRole('heading', { level: 1, name: 'Marie Dupont' })).toBeInTheDocument();
    expect(screen.getByText('@marie_76')).toBeInTheDocument();
    expect(screen.getByText('Compte privé')).toBeInTheDocument();
    expect(screen.getByText('Vous suit')).toBeInTheDocument();
    expect(await screen.findByText('Quartier : Saint-Sever')).toBeInTheDocument();
    const interests = screen.getByRole('list', { name: 'Centres d’intérêt' });
    expect(within(interests).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['concerts', 'vélo']);
    expect(screen.getByText('Abonnés').nextSibling).toHaveTextContent('12');
  });
});
