import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useSession } from '../../api/session';
import { fakeApi } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { TrendingWidget } from './TrendingWidget';

describe('TrendingWidget', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
    useSession.setState({ status: 'unknown', accessToken: null, user: null });
  });

  it('lists trending hashtags and, for residents, who to follow with the reason', async () => {
    useSession.setState({ status: 'signedIn', accessToken: 't', user: me() });
    restore = fakeApi({
      'GET /trending': { status: 200, data: { computed_at: '2026-11-25T10:00:00Z', posts: [], hashtags: [{ tag: 'armada', score: 4.2, posts: 3 }] } },
      'GET /users/me/suggestions': {
        status: 200,
        data: { items: [{ user: { id: 'U2', username: 'paul_rg', display_name: 'Paul', avatar: null, neighbourhood: null }, reasons: ['neighbour'] }] },
      },
    }).restore;
    renderWithProviders(<TrendingWidget />);
    expect(await screen.findByRole('link', { name: '#armada' })).toHaveAttribute('href', '/hashtags/armada');
    const tags = screen.getByRole('region', { name: 'Tendances à Rouen' });
    expect(within(tags).getByText('3 publications')).toBeInTheDocument();
    const who = await screen.findByRole('region', { name: 'Qui suivre' });
    expect(within(who).getByRole('link', { name: 'Paul' })).toHaveAttribute('href', '/profile/paul_rg');
    expect(within(who).getByText('votre quartier')).toBeInTheDocument();
  });
});
