import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { ChangePasswordForm } from './ChangePasswordForm';

async function change(current: string, next: string) {
  const user = userEvent.setup();
  if (current) await user.type(screen.getByLabelText('Mot de passe actuel'), current);
  if (next) await user.type(screen.getByLabelText('Nouveau mot de passe'), next);
  await user.click(screen.getByRole('button', { name: 'Changer le mot de passe' }));
}

describe('ChangePasswordForm', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('checks both fields before sending, in French', async () => {
    const fake = fakeApi({});
    restore = fake.restore;
    renderWithProviders(<ChangePasswordForm />);
    await change('', 'court');
    expect(await screen.findByText('Ce champ est obligatoire.')).toBeInTheDocument();
    expect(screen.getByText('Au moins 10 caractères.')).toBeInTheDocument();
    expect(fake.calls).toHaveLength(0);
  });

  it('changes the password and empties the form', async () => {
    const fake = fakeApi({ 'POST /auth/change-password': { status: 204 } });
    restore = fake.restore;
    renderWithProviders(<ChangePasswordForm />);
    await change('Ancien mot de passe', 'Rive gauche 2026');
    expect(await screen.findByRole('status')).toHaveTextContent('Mot de passe changé. Vos autres sessions ont été fermées.');
    expect(fake.calls[0]?.data).toEqual({ current_password: 'Ancien mot de passe', new_password: 'Rive gauche 2026' });
    expect(screen.getByLabelText('Mot de passe actuel')).toHaveValue('');
  });

  it('says when the current password is wrong', async () => {
    restore = fakeApi({ 'POST /auth/change-password': problem(403, 'wrong_password') }).restore;
    renderWithProviders(<ChangePasswordForm />);
    await change('Pas le bon du tout', 'Rive gauche 2026');
    expect(await screen.findByRole('alert')).toHaveTextContent('Le mot de passe est incorrect.');
  });

  it('puts the server’s refusal of the new password on its field', async () => {
    restore = fakeApi({
      'POST /auth/change-password': problem(422, 'validation_failed', {
        errors: [{ field: 'body.new_password', code: 'matches_identity', message: 'matches identity' }],
      }),
    }).restore;
    renderWithProviders(<ChangePasswordForm />);
    await change('Ancien mot de passe', 'marie_76_marie');
    expect(await screen.findByRole('alert')).toHaveTextContent('Le mot de passe ne peut pas être votre e-mail ou votre nom d’utilisateur.');
    expect(screen.getByLabelText('Nouveau mot de passe')).toHaveAttribute('aria-invalid', 'true');
  });
});
