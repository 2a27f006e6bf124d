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

  it('shows the cover and the picture when there are some, and the initial otherwise', () => {
    restore = fakeApi({ 'GET /neighbourhoods': { status: 200, data: { items: [] } } }).restore;
    const images = (name: string) => ({ small: `/blobs/${name}-s.jpg`, medium: `/blobs/${name}-m.jpg`, large: `/blobs/${name}-l.jpg` });
    const first = renderWithProviders(<ProfileHeader profile={me({ avatar: images('a'), cover: images('c') })} />);
    const sources = Array.from(first.container.querySelectorAll('img')).map((img) => img.getAttribute('src'));
    expect(sources).toEqual(['/blobs/c-m.jpg', '/blobs/a-m.jpg']);
    first.unmount();
    const { container } = renderWithProviders(<ProfileHeader profile={me()} />);
    expect(container.querySelectorAll('img')).toHaveLength(0);
    // The initial, hidden from screen readers since the name is written beside it.
    const initial = Array.from(container.querySelectorAll('[aria-hidden="true"]')).find((el) => el.textContent === 'M');
    expect(initial).toBeDefined();
    expect(screen.queryByText('Vous suit')).not.toBeInTheDocument();
  });
});
