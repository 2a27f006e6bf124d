import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { ResetPasswordPage } from './ResetPasswordPage';

async function choose(password: string, confirm: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Nouveau mot de passe'), password);
  await user.type(screen.getByLabelText('Confirmez le mot de passe'), confirm);
  await user.click(screen.getByRole('button', { name: 'Enregistrer le mot de passe' }));
}

describe('ResetPasswordPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('checks the rules and that both passwords match, in French', async () => {
    const fake = fakeApi({});
    restore = fake.restore;
    renderWithProviders(<ResetPasswordPage />, '/reset-password?token=t0k');
    await choose('court', 'autre');
    expect(await screen.findByText('Au moins 10 caractères.')).toBeInTheDocument();
    expect(screen.getByText('Les deux mots de passe diffèrent.')).toBeInTheDocument();
    expect(screen.getByLabelText('Confirmez le mot de passe')).toHaveAccessibleDescription('Les deux mots de passe diffèrent.');
    expect(fake.calls).toHaveLength(0);
  });

  it('sends the token from the link with the new password, then offers to sign in', async () => {
    const fake = fakeApi({ 'POST /auth/reset-password': { status: 200, data: { status: 'password_reset' } } });
    restore = fake.restore;
    renderWithProviders(<ResetPasswordPage />, '/reset-password?token=t0k');
    await choose('Rive gauche 2026', 'Rive gauche 2026');
    expect(await screen.findByRole('status')).toHaveTextContent('Votre mot de passe est changé');
    expect(screen.getByRole('link', { name: 'Aller à la connexion' })).toHaveAttribute('href', '/login');
    expect(fake.calls[0]?.data).toEqual({ token: 't0k', password: 'Rive gauche 2026' });
  });

  it('puts the server’s password refusal on the field', async () => {
    restore = fakeApi({
      'POST /auth/reset-password': problem(422, 'validation_failed', {
        errors: [{ field: 'body.password', code: 'too_common', message: 'too common' }],
      }),
    }).restore;
    renderWithProviders(<ResetPasswordPage />, '/reset-password?token=t0k');
    await choose('azertyuiop', 'azertyuiop');
    expect(await screen.findByRole('alert')).toHaveTextContent('Ce mot de passe est trop courant : choisissez-en un autre.');
    expect(screen.getByLabelText('Nouveau mot de passe')).toHaveAttribute('aria-invalid', 'true');
  });

  it('says when the link is no longer valid', async () => {
    restore = fakeApi({ 'POST /auth/reset-password': problem(400, 'invalid_token') }).restore;
    renderWithProviders(<ResetPasswordPage />, '/reset-password?token=used');
    await choose('Rive gauche 2026', 'Rive gauche 2026');
    expect(await screen.findByRole('alert')).toHaveTextContent('Ce lien n’est pas valide, a déjà servi ou a expiré.');
  });

  it('offers a new link when the page is opened without a token', () => {
    restore = fakeApi({}).restore;
    renderWithProviders(<ResetPasswordPage />, '/reset-password');
    expect(screen.getByRole('alert')).toHaveTextContent('Ce lien n’est pas valide');
    expect(screen.getByRole('link', { name: 'Demander un nouveau lien' })).toHaveAttribute('href', '/forgot-password');
    expect(screen.queryByLabelText('Nouveau mot de passe')).not.toBeInTheDocument();
  });
});
