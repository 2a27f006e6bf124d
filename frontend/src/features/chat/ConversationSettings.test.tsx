import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationView } from '../../api/chat';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { ConversationSettings } from './ConversationSettings';
import { MessageSearch } from './MessageSearch';

const member = (id: string, name: string, role: 'admin' | 'member') => ({
  user: { id, username: name.toLowerCase(), display_name: name, avatar: null, neighbourhood: null },
  role,
  presence: { online: false, last_seen_at: null },
  last_read: null,
});

const group = (myRole: 'admin' | 'member'): ConversationView => ({
  id: 'G',
  kind: 'group',
  name: 'Jardin',
  members: [member('A', 'Alice', 'admin'), member('B', 'Bob', 'member')],
  member_count: 2,
  last_message: null,
  unread: 0,
  muted: false,
  my_role: myRole,
  last_read: null,
  created_at: '2026-11-25T08:00:00Z',
});

describe('ConversationSettings', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('lets an admin rename, add and remove members', async () => {
    const fake = fakeApi({
      'PATCH /conversations/G': { status: 200, data: group('admin') },
      'POST /conversations/G/members': { status: 200, data: group('admin') },
      'DELETE /conversations/G/members/B': { status: 204 },
    });
    restore = fake.restore;
    renderWithProviders(<ConversationSettings conversation={group('admin')} me="A" />);
    await userEvent.click(screen.getByText('Réglages de la conversation'));
    await userEvent.clear(screen.getByLabelText('Nom du groupe'));
    await userEvent.type(screen.getByLabelText('Nom du groupe'), 'Jardin partagé');
    await userEvent.click(screen.getByRole('button', { name: 'Renommer' }));
    await userEvent.type(screen.getByLabelText('Ajouter des membres (noms d’utilisateur)'), '@chloe, david');
    await userEvent.click(screen.getByRole('button', { name: 'Ajouter' }));
    await userEvent.click(screen.getByRole('button', { name: 'Retirer Bob' }));
    await waitFor(() => {
      expect(fake.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['PATCH /conversations/G', 'POST /conversations/G/members', 'DELETE /conversations/G/members/B']);
    });
    expect(fake.calls[0]?.data).toEqual({ name: 'Jardin partagé' });
    expect(fake.calls[1]?.data).toEqual({ members: ['chloe', 'david'] });
  });

  it('gives a plain member only mute, leave and delete for me', async () => {
    renderWithProviders(<ConversationSettings conversation={group('member')} me="B" />);
    await userEvent.click(screen.getByText('Réglages de la conversation'));
    expect(screen.queryByRole('button', { name: 'Renommer' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Retirer/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Quitter le groupe' })).toBeInTheDocument();
    expect(screen.getByLabelText('Mettre en sourdine (pas de notification)')).not.toBeChecked();
  });
});

describe('MessageSearch', () => {
  it('lists what it finds with links to the conversations', async () => {
    const fake = fakeApi({
      'GET /conversations/search': {
        status: 200,
        data: { items: [{ id: 'M1', conversation_id: 'C9', author_id: 'A', text: 'Rendez-vous au marché', image: null, created_at: '2026-11-25T08:00:00Z', edited_at: null, deleted: false, client_id: null }] },
      },
    });
    renderWithProviders(<MessageSearch />);
    await userEvent.type(screen.getByLabelText('Rechercher dans mes messages'), 'marché');
    await userEvent.click(screen.getByRole('button', { name: 'Rechercher' }));
    expect(await screen.findByRole('link', { name: 'Rendez-vous au marché' })).toHaveAttribute('href', '/messages/C9');
    expect(fake.calls[0]?.params).toMatchObject({ q: 'marché' });
    fake.restore();
  });
});
