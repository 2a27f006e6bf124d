import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostView } from '../../api/posts';
import { useSession } from '../../api/session';
import { fakeApi } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { PostCard } from './PostCard';

function post(overrides: Partial<PostView> = {}): PostView {
  return {
    id: '01JPOST00000000000000000001',
    author: { id: 'AUTHOR', username: 'paul_rg', display_name: 'Paul', avatar: null, neighbourhood: null },
    text: 'Concert au #106 avec @marie_76 https://le106.com',
    photos: [],
    hashtags: ['106'],
    mentions: ['marie_76'],
    neighbourhood: null,
    visibility: 'public',
    created_at: new Date().toISOString(),
    edited_at: null,
    counts: { likes: 2, comments: 0, shares: 0 },
    liked: false,
    shared: null,
    status: 'visible',
    ...overrides,
  };
}

describe('PostCard', () => {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    useSession.setState({ status: 'signedIn', accessToken: 't', user: me() });
  });
  afterEach(() => {
    restore();
    useSession.setState({ status: 'unknown', accessToken: null, user: null });
  });

  it('links hashtags, mentions and web addresses', () => {
    renderWithProviders(<PostCard post={post()} />);
    expect(screen.getByRole('link', { name: '#106' })).toHaveAttribute('href', '/hashtags/106');
    expect(screen.getByRole('link', { name: '@marie_76' })).toHaveAttribute('href', '/profile/marie_76');
    const web = screen.getByRole('link', { name: 'https://le106.com' });
    expect(web).toHaveAttribute('rel', 'noopener noreferrer nofollow ugc');
  });

  it('likes at once and settles on the server’s count', async () => {
    restore = fakeApi({
      'POST /posts/01JPOST00000000000000000001/like': { status: 200, data: { liked: true, likes: 5 } },
    }).restore;
    renderWithProviders(<PostCard post={post()} />);
    const button = screen.getByRole('button', { name: /2 j’aime/ });
    await userEvent.click(button);
    expect(await screen.findByRole('button', { name: /5 j’aime/ })).toHaveAttribute('aria-pressed', 'true');
  });

  it('offers delete on one’s own posts and report on others’', () => {
    const { unmount } = renderWithProviders(<PostCard post={post()} />);
    expect(screen.getByRole('button', { name: 'Signaler' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Supprimer' })).toBeNull();
    unmount();
    renderWithProviders(<PostCard post={post({ author: { id: me().id, username: 'marie_76', display_name: 'Marie', avatar: null, neighbourhood: null } })} />);
    expect(screen.getByRole('button', { name: 'Supprimer' })).toBeInTheDocument();
  });

  it('lets the author edit the text in place', async () => {
    const mine = post({ author: { id: me().id, username: 'marie_76', display_name: 'Marie', avatar: null, neighbourhood: null } });
    const fake = fakeApi({
      'PUT /posts/01JPOST00000000000000000001': { status: 200, data: { ...mine, text: 'Texte corrigé', edited_at: new Date().toISOString() } },
    });
    restore = fake.restore;
    renderWithProviders(<PostCard post={mine} />);
    await userEvent.click(screen.getByRole('button', { name: 'Modifier' }));
    const box = screen.getByLabelText('Texte de la publication');
    await userEvent.clear(box);
    await userEvent.type(box, 'Texte corrigé');
    await userEvent.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Texte corrigé')).toBeInTheDocument();
    expect(screen.getByText(/modifié/)).toBeInTheDocument();
    expect(fake.calls[0]?.data).toEqual({ text: 'Texte corrigé' });
  });
});
