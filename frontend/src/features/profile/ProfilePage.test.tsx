import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSession } from '../../api/session';
import type { Profile, ProfileSummary, Relationship } from '../../api/types';
import { fakeApi, problem } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { ProfilePage } from './ProfilePage';

const none: Relationship = { following: false, followed_by: false, requested: false, blocking: false, muting: false };

function paul(relationship: Relationship | null = none, overrides: Partial<Profile> = {}): Profile {
  return {
    id: 'U2',
    username: 'paul_rg',
    display_name: 'Paul Rive Gauche',
    bio: '',
    neighbourhood: null,
    interests: [],
    language: 'fr',
    avatar: null,
    cover: null,
    private_account: false,
    counts: { followers: 1, following: 0, posts: 0 },
    created_at: '2026-11-01T10:00:00Z',
    relationship,
    ...overrides,
  };
}

function summary(i: number): ProfileSummary {
  return { id: `F${String(i)}`, username: `voisin_${String(i)}`, display_name: `Voisin ${String(i)}`, avatar: null, neighbourhood: null };
}

function page() {
  return (
    <Routes>
      <Route path="/profile/:name" element={<ProfilePage />} />
    </Routes>
  );
}

const common = {
  'GET /neighbourhoods': { status: 200, data: { items: [] } },
  'GET /users/U2/posts': { status: 200, data: { items: [], next_cursor: null } },
};

describe('ProfilePage', () => {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    useSession.getState().signIn('tok', me());
  });
  afterEach(() => {
    restore();
  });

  it('follows and unfollows', async () => {
    let rel = none;
    const fake = fakeApi({
      ...common,
      'GET /users/paul_rg': () => ({ status: 200, data: paul(rel) }),
      'POST /users/U2/follow': () => {
        rel = { ...rel, following: true };
        return { status: 200, data: { state: 'following' } };
      },
      'DELETE /users/U2/follow': () => {
        rel = { ...rel, following: false };
        return { status: 204 };
      },
    });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(page(), '/profile/paul_rg');
    await user.click(await screen.findByRole('button', { name: 'Suivre' }));
    const unfollow = await screen.findByRole('button', { name: 'Ne plus suivre' });
    expect(unfollow).toHaveAttribute('aria-pressed', 'true');
    await user.click(unfollow);
    expect(await screen.findByRole('button', { name: 'Suivre' })).toHaveAttribute('aria-pressed', 'false');
    expect(fake.calls.filter((c) => c.url.endsWith('/follow')).map((c) => c.method)).toEqual(['POST', 'DELETE']);
  });

  it('asks to follow a private account, then shows the pending request', async () => {
    let rel = none;
    restore = fakeApi({
      ...common,
      'GET /users/paul_rg': () => ({ status: 200, data: paul(rel, { private_account: true }) }),
      'POST /users/U2/follow': () => {
        rel = { ...rel, requested: true };
        return { status: 200, data: { state: 'requested' } };
      },
    }).restore;
    const user = userEvent.setup();
    renderWithProviders(page(), '/profile/paul_rg');
    expect(await screen.findByText(/Ce compte est privé/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Demander à suivre' }));
    expect(await screen.findByRole('button', { name: 'Annuler la demande' })).toBeInTheDocument();
    expect(screen.getByText('Demande envoyée')).toBeInTheDocument();
  });

  it('blocks from the menu, which closes and gives the focus back', async () => {
    let rel = none;
    const fake = fakeApi({
      ...common,
      'GET /users/paul_rg': () => ({ status: 200, data: paul(rel) }),
      'POST /users/U2/block': () => {
        rel = { ...rel, blocking: true };
        return { status: 204 };
      },
    });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(page(), '/profile/paul_rg');
    const more = await screen.findByText('Plus d’actions');
    await user.click(more);
    await user.click(screen.getByRole('button', { name: 'Bloquer' }));
    expect(more.closest('details')).not.toHaveAttribute('open');
    expect(more).toHaveFocus();
    expect(await screen.findByRole('button', { name: 'Débloquer', hidden: true })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Suivre' })).not.toBeInTheDocument();
    expect(fake.calls.map((c) => `${c.method} ${c.url}`)).toContain('POST /users/U2/block');
  });

  it('lists followers a page at a time', async () => {
    const fake = fakeApi({
      ...common,
      'GET /users/paul_rg': { status: 200, data: paul() },
      'GET /users/U2/followers': (call) =>
        call.params.cursor === 'c2'
          ? { status: 200, data: { items: [summary(3)], next_cursor: null } }
          : { status: 200, data: { items: [summary(1), summary(2)], next_cursor: 'c2' } },
    });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(page(), '/profile/paul_rg');
    await user.click(await screen.findByRole('button', { name: 'Abonnés' }));
    const list = await screen.findByRole('list', { name: 'Abonnés' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Voir plus' }));
    expect(await within(list).findByText('@voisin_3')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Voir plus' })).not.toBeInTheDocument();
    expect(within(list).getByRole('link', { name: /Voisin 1/ })).toHaveAttribute('href', '/profile/voisin_1');
  });

  it('offers to edit one’s own profile instead of following', async () => {
    restore = fakeApi({
      ...common,
      'GET /users/marie_76': { status: 200, data: me() },
      'GET /users/01JD0000000000000000000001/posts': { status: 200, data: { items: [], next_cursor: null } },
    }).restore;
    renderWithProviders(page(), '/profile/marie_76');
    expect(await screen.findByRole('link', { name: 'Modifier mon profil' })).toHaveAttribute('href', '/settings/profile');
    expect(screen.queryByRole('button', { name: 'Suivre' })).not.toBeInTheDocument();
  });

  it('says when the profile does not exist', async () => {
    restore = fakeApi({ ...common, 'GET /users/nobody': problem(404, 'not_found') }).restore;
    renderWithProviders(page(), '/profile/nobody');
    expect(await screen.findByRole('heading', { name: 'Ce profil est introuvable' })).toBeInTheDocument();
  });
});
