import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { ForgotPasswordPage } from './ForgotPasswordPage';

describe('ForgotPasswordPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('checks the address before sending', async () => {
    const fake = fakeApi({});
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<ForgotPasswordPage />);
    await user.type(screen.getByLabelText('Adresse e-mail'), 'marie');
    await user.click(screen.getByRole('button', { name: 'Envoyer le lien' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Ce n’est pas une adresse e-mail valide.');
    expect(screen.getByLabelText('Adresse e-mail')).toHaveAccessibleDescription('Ce n’est pas une adresse e-mail valide.');
    expect(fake.calls).toHaveLength(0);
  });

  it('answers the same whether or not an account uses the address', async () => {
    const fake = fakeApi({ 'POST /auth/forgot-password': { status: 202, data: { status: 'reset_sent' } } });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<ForgotPasswordPage />);
    await user.type(screen.getByLabelText('Adresse e-mail'), ' marie@example.fr ');
    await user.click(screen.getByRole('button', { name: 'Envoyer le lien' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Si un compte utilise cette adresse, un lien vient d’y être envoyé.');
    expect(fake.calls[0]?.data).toEqual({ email: 'marie@example.fr' });
  });

  it('says when too many links were asked for', async () => {
    restore = fakeApi({ 'POST /auth/forgot-password': problem(429, 'rate_limited', { retry_after_secs: 3600 }) }).restore;
    const user = userEvent.setup();
    renderWithProviders(<ForgotPasswordPage />);
    await user.type(screen.getByLabelText('Adresse e-mail'), 'marie@example.fr');
    await user.click(screen.getByRole('button', { name: 'Envoyer le lien' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Trop de demandes : réessayez dans quelques minutes.');
  });
});
