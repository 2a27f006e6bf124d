import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { useSession } from '../../api/session';
import { fakeApi, problem } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { LoginPage, safeNext } from './LoginPage';

function page() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/settings" element={<p>settings page</p>} />
    </Routes>
  );
}

async function signIn(login: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("E-mail ou nom d'utilisateur"), login);
  await user.type(screen.getByLabelText('Mot de passe'), password);
  await user.click(screen.getByRole('button', { name: 'Se connecter' }));
  return user;
}

describe('LoginPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
    useSession.setState({ status: 'unknown', accessToken: null, user: null });
  });

  it('signs in and goes back where the resident was going', async () => {
    const fake = fakeApi({
      'POST /auth/login': { status: 200, data: { access_token: 'tok', token_type: 'Bearer', expires_in: 900, user: me() } },
    });
    restore = fake.restore;
    renderWithProviders(page(), '/login?next=%2Fsettings');
    await signIn('marie_76', 'Rive gauche 2026');
    expect(await screen.findByText('settings page')).toBeInTheDocument();
    expect(useSession.getState().accessToken).toBe('tok');
    expect(fake.calls[0]?.data).toEqual({ login: 'marie_76', password: 'Rive gauche 2026' });
  });

  it('says when a locked account may retry', async () => {
    restore = fakeApi({ 'POST /auth/login': problem(429, 'account_locked', { retry_after_secs: 150 }) }).restore;
    renderWithProviders(page(), '/login');
    await signIn('marie_76', 'wrong password');
    expect(await screen.findByRole('alert')).toHaveTextContent('Trop de tentatives. Réessayez dans 3 minutes.');
  });

  it('offers to resend the link to an unverified address', async () => {
    const fake = fakeApi({
      'POST /auth/login': problem(403, 'email_not_verified'),
      'POST /auth/verify-email/resend': { status: 202, data: { status: 'verification_sent' } },
    });
    restore = fake.restore;
    renderWithProviders(page(), '/login');
    const user = await signIn('marie@example.fr', 'Rive gauche 2026');
    await user.click(await screen.findByRole('button', { name: 'Renvoyer le lien de confirmation' }));
    expect(await screen.findByText(/un nouveau lien vient de partir/)).toBeInTheDocument();
    expect(fake.calls[1]?.data).toEqual({ email: 'marie@example.fr' });
  });

  it('shows wrong credentials without saying which part was wrong', async () => {
    restore = fakeApi({ 'POST /auth/login': problem(401, 'invalid_credentials') }).restore;
    renderWithProviders(page(), '/login');
    await signIn('marie_76', 'nope nope nope');
    expect(await screen.findByRole('alert')).toHaveTextContent('E-mail, nom d’utilisateur ou mot de passe incorrect.');
  });

  it('never redirects off the site after signing in', () => {
    expect(safeNext('/settings')).toBe('/settings');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
