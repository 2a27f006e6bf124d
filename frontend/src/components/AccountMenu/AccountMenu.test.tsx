import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { useSession } from '../../api/session';
import { fakeApi } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { AccountMenu } from './AccountMenu';

describe('AccountMenu', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
    document.cookie = 'rs_csrf=; max-age=0';
  });

  it('offers to sign in or create an account to visitors', () => {
    useSession.setState({ status: 'signedOut' });
    renderWithProviders(<AccountMenu />);
    expect(screen.getByRole('link', { name: 'Se connecter' })).toHaveAttribute('href', '/login');
    expect(screen.getByRole('link', { name: 'Créer un compte' })).toHaveAttribute('href', '/register');
  });

  it('shows the resident’s menu, usable with the keyboard', async () => {
    restore = fakeApi({ 'GET /notifications/unread': { status: 200, data: { unread: 0 } } }).restore;
    useSession.getState().signIn('tok', me());
    const user = userEvent.setup();
    renderWithProviders(<AccountMenu />);
    const summary = screen.getByLabelText('Menu du compte de Marie Dupont');
    const details = summary.closest('details');
    // Browsers open a <summary> with Enter or Space themselves; jsdom does not, so click it.
    await user.click(summary);
    expect(details).toHaveAttribute('open');
    expect(screen.getByRole('link', { name: 'Mon profil' })).toHaveAttribute('href', '/profile/marie_76');
    expect(screen.getByRole('link', { name: 'Paramètres' })).toHaveAttribute('href', '/settings');
    await user.keyboard('{Escape}');
    expect(details).not.toHaveAttribute('open');
    expect(summary).toHaveFocus();
    await user.click(summary);
    await user.click(document.body);
    expect(details).not.toHaveAttribute('open');
  });

  it('links to the moderators’ desk and the source health page only for those allowed', async () => {
    restore = fakeApi({ 'GET /notifications/unread': { status: 200, data: { unread: 0 } } }).restore;
    const user = userEvent.setup();
    for (const [role, moderation, sources] of [
      ['resident', false, false],
      ['moderator', true, false],
      ['admin', true, true],
    ] as const) {
      useSession.getState().signIn('tok', me({ role }));
      const { unmount } = renderWithProviders(<AccountMenu />);
      await user.click(screen.getByLabelText('Menu du compte de Marie Dupont'));
      expect(screen.queryByRole('link', { name: 'Modération' }) !== null).toBe(moderation);
      expect(screen.queryByRole('link', { name: 'Santé des sources' }) !== null).toBe(sources);
      if (sources) expect(screen.getByRole('link', { name: 'Santé des sources' })).toHaveAttribute('href', '/admin/sources');
      unmount();
    }
  });

  it('signs out with the CSRF header and forgets the session', async () => {
    document.cookie = 'rs_csrf=csrf-1';
    const fake = fakeApi({
      'GET /notifications/unread': { status: 200, data: { unread: 0 } },
      'POST /auth/logout': { status: 204 },
    });
    restore = fake.restore;
    useSession.getState().signIn('tok', me());
    const user = userEvent.setup();
    renderWithProviders(<AccountMenu />);
    await user.click(screen.getByLabelText('Menu du compte de Marie Dupont'));
    await user.click(screen.getByRole('button', { name: 'Se déconnecter' }));
    expect(await screen.findByRole('link', { name: 'Se connecter' })).toBeInTheDocument();
    const logout = fake.calls.find((c) => c.url === '/auth/logout');
    expect(logout?.headers.get('X-CSRF-Token')).toBe('csrf-1');
    expect(useSession.getState()).toMatchObject({ status: 'signedOut', accessToken: null, user: null });
  });

  it('signs out here even when the server does not answer', async () => {
    restore = fakeApi({
      'GET /notifications/unread': { status: 200, data: { unread: 0 } },
      'POST /auth/logout': { status: 503, data: { code: 'service_unavailable', status: 503, title: 'Unavailable' } },
    }).restore;
    useSession.getState().signIn('tok', me());
    const user = userEvent.setup();
    renderWithProviders(<AccountMenu />);
    await user.click(screen.getByLabelText('Menu du compte de Marie Dupont'));
    await user.click(screen.getByRole('button', { name: 'Se déconnecter' }));
    expect(await screen.findByRole('link', { name: 'Se connecter' })).toBeInTheDocument();
    expect(useSession.getState()).toMatchObject({ status: 'signedOut', accessToken: null });
  });
});
