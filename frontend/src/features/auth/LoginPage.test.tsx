import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { useSession } from '../../api/session';
import { fakeApi, problem } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { LoginPage, retryAt, safeNext } from './LoginPage';

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
    expect(await screen.findByRole('alert')).toHaveTextContent(/^Trop de tentatives\. Réessayez à \d{2}:\d{2} \(dans 3 minutes\)\.$/);
  });

  it('works out the time of the next try from retry_after_secs', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    expect(retryAt(150, now)).toEqual({ until: new Date('2026-11-25T10:02:30Z'), minutes: 3 });
    expect(retryAt(undefined, now).minutes).toBe(1);
  });

  it('offers to resend the link to an unverified address', async () => {
    const fake = fakeApi({
      'POST /auth/login': problem(403, 'email_not_verified'),
      'POST /auth/verify-email/resend': { status: 202, data: { status: 'verification_sent' } },
    });
    restore = fake.restore;
    renderWithProviders(page(), '/login');
    const user = await signIn('marie@example.fr', 'Rive gauche 2026');
    expect(await screen.findByRole('alert')).toHaveTextContent('Votre adresse e-mail n’est pas encore confirmée');
    await user.click(await screen.findByRole('button', { name: 'Renvoyer le lien de confirmation' }));
    expect(await screen.findByText(/un nouveau lien vient de partir/)).toBeInTheDocument();
    expect(fake.calls[1]?.data).toEqual({ email: 'marie@example.fr' });
  });

  it('asks for the address to resend the link when the resident signed in with their username', async () => {
    const fake = fakeApi({
      'POST /auth/login': problem(403, 'email_not_verified'),
      'POST /auth/verify-email/resend': { status: 202, data: { status: 'verification_sent' } },
    });
    restore = fake.restore;
    renderWithProviders(page(), '/login');
    const user = await signIn('marie_76', 'Rive gauche 2026');
    const resend = await screen.findByRole('form', { name: 'Renvoyer le lien de confirmation' });
    await user.click(within(resend).getByRole('button', { name: 'Renvoyer le lien de confirmation' }));
    expect(await within(resend).findByText('Ce champ est obligatoire.')).toBeInTheDocument();
    await user.type(within(resend).getByLabelText('Adresse e-mail'), 'marie@example.fr');
    await user.click(within(resend).getByRole('button', { name: 'Renvoyer le lien de confirmation' }));
    expect(await screen.findByText(/un nouveau lien vient de partir/)).toBeInTheDocument();
    expect(fake.calls[1]?.data).toEqual({ email: 'marie@example.fr' });
  });

  it('checks both fields before sending, in French', async () => {
    const fake = fakeApi({});
    restore = fake.restore;
    renderWithProviders(page(), '/login');
    await userEvent.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(await screen.findAllByText('Ce champ est obligatoire.')).toHaveLength(2);
    expect(screen.getByLabelText('Mot de passe')).toHaveAccessibleDescription('Ce champ est obligatoire.');
    expect(fake.calls).toHaveLength(0);
  });

  it('says why the resident was sent here when their session expired', () => {
    restore = fakeApi({}).restore;
    renderWithProviders(page(), '/login?expired=1&next=%2Fsettings');
    expect(screen.getByRole('status')).toHaveTextContent('Votre session a expiré : reconnectez-vous pour continuer.');
  });

  it('falls back to the server’s words for a refusal this version does not know', async () => {
    restore = fakeApi({ 'POST /auth/login': problem(403, 'brand_new_code', { detail: 'Something new happened' }) }).restore;
    renderWithProviders(page(), '/login');
    await signIn('marie_76', 'Rive gauche 2026');
    expect(await screen.findByRole('alert')).toHaveTextContent('Something new happened');
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
