import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { PostView } from '../../api/posts';
import { useSession } from '../../api/session';
import { fakeApi } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { ModerationPage } from './ModerationPage';

const held: PostView = {
  id: 'HELD1',
  author: { id: 'A', username: 'hothead', display_name: 'Hothead', avatar: null, neighbourhood: null },
  text: 'texte retenu',
  photos: [],
  hashtags: [],
  mentions: [],
  neighbourhood: null,
  visibility: 'public',
  created_at: new Date().toISOString(),
  edited_at: null,
  counts: { likes: 0, comments: 0, shares: 0 },
  liked: false,
  shared: null,
  status: 'held',
};

describe('ModerationPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
    useSession.setState({ status: 'unknown', accessToken: null, user: null });
  });

  it('is refused to residents', () => {
    useSession.setState({ status: 'signedIn', accessToken: 't', user: me() });
    renderWithProviders(<ModerationPage />);
    expect(screen.getByRole('alert')).toHaveTextContent('Vous n’avez pas accès à cette action.');
  });

  it('lets a moderator release a held post', async () => {
    useSession.setState({ status: 'signedIn', accessToken: 't', user: me({ role: 'moderator' }) });
    const fake = fakeApi({
      'GET /moderation/held': { status: 200, data: { items: [held] } },
      'GET /moderation/reports': { status: 200, data: { items: [] } },
      'GET /moderation/audit': { status: 200, data: { items: [] } },
      'POST /moderation/posts/HELD1/status': { status: 200, data: { ...held, status: 'visible' } },
    });
    restore = fake.restore;
    renderWithProviders(<ModerationPage />);
    expect(await screen.findByText('texte retenu')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Publier' }));
    await screen.findByText('texte retenu');
    expect(fake.calls.find((c) => c.url === '/moderation/posts/HELD1/status')?.data).toEqual({ status: 'visible' });
  });
});
