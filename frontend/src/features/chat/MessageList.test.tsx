import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ConversationView, MessageView } from '../../api/chat';
import { MessageList } from './MessageList';

const member = (id: string, name: string, lastRead: string | null) => ({
  user: { id, username: name.toLowerCase(), display_name: name, avatar: null, neighbourhood: null },
  role: 'member' as const,
  presence: { online: false, last_seen_at: null },
  last_read: lastRead,
});

const conversation = (lastReadByBob: string | null): ConversationView => ({
  id: 'C',
  kind: 'direct',
  name: null,
  members: [member('A', 'Alice', '02'), member('B', 'Bob', lastReadByBob)],
  member_count: 2,
  last_message: null,
  unread: 0,
  muted: false,
  my_role: 'admin',
  last_read: '02',
  created_at: '2026-11-24T08:00:00Z',
});

const message = (id: string, author: string, text: string, at: string): MessageView => ({
  id,
  conversation_id: 'C',
  author_id: author,
  text,
  image: null,
  created_at: at,
  edited_at: null,
  deleted: false,
  client_id: null,
});

const history = [
  message('01', 'B', 'Bonjour', '2026-11-24T09:00:00Z'),
  message('02', 'A', 'Salut Bob', '2026-11-24T09:05:00Z'),
  message('03', 'A', 'Tu viens demain ?', '2026-11-25T10:00:00Z'),
];

describe('MessageList', () => {
  it('separates days and ticks my messages read up to the other member’s pointer', () => {
    render(<MessageList messages={history} me="A" conversation={conversation('02')} />);
    const list = screen.getByRole('list', { name: 'Historique de la conversation' });
    expect(within(list).getAllByRole('separator')).toHaveLength(2);
    expect(screen.getAllByTestId('read-tick')).toHaveLength(1);
    expect(screen.getAllByTestId('sent-tick')).toHaveLength(1);
    expect(screen.getByLabelText('Lu')).toBeInTheDocument();
  });

  it('shows deleted messages as such and nothing is read before the pointer moves', () => {
    const deleted = { ...message('04', 'B', '', '2026-11-25T10:01:00Z'), deleted: true };
    render(<MessageList messages={[...history, deleted]} me="A" conversation={conversation(null)} />);
    expect(screen.queryByTestId('read-tick')).toBeNull();
    expect(screen.getAllByTestId('sent-tick')).toHaveLength(2);
    expect(screen.getByText('Message supprimé')).toBeInTheDocument();
  });
});
