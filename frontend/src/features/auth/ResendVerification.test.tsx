import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { ResendVerification } from './ResendVerification';

const button = () => screen.getByRole('button', { name: 'Renvoyer le lien de confirmation' });

describe('ResendVerification', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('sends the link to the address used to sign in, in one click', async () => {
    const fake = fakeApi({ 'POST /auth/verify-email/resend': { status: 202, data: { status: 'verification_sent' } } });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<ResendVerification email="marie@example.fr" />);
    expect(screen.queryByLabelText('Adresse e-mail')).not.toBeInTheDocument();
    await user.click(button());
    expect(await screen.findByRole('status')).toHaveTextContent('Si ce compte attend sa confirmation, un nouveau lien vient de partir.');
    expect(fake.calls.map((c) => c.data)).toEqual([{ email: 'marie@example.fr' }]);
  });

  it('asks for the address when the one typed to sign in is not valid, rather than failing silently', async () => {
    const fake = fakeApi({ 'POST /auth/verify-email/resend': { status: 202, data: { status: 'verification_sent' } } });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<ResendVerification email="marie@" />);
    await user.click(button());
    const field = await screen.findByLabelText('Adresse e-mail');
    expect(field).toHaveAccessibleDescription('Ce n’est pas une adresse e-mail valide.');
    expect(fake.calls).toHaveLength(0);
    await user.clear(field);
    await user.type(field, 'marie@example.fr');
    expect(screen.getByLabelText('Adresse e-mail')).toBeInTheDocument();
    await user.click(button());
    expect(await screen.findByRole('status')).toBeInTheDocument();
    expect(fake.calls.map((c) => c.data)).toEqual([{ email: 'marie@example.fr' }]);
  });

  it('says when too many links were asked for', async () => {
    restore = fakeApi({ 'POST /auth/verify-email/resend': problem(429, 'rate_limited', { retry_after_secs: 600 }) }).restore;
    const user = userEvent.setup();
    renderWithProviders(<ResendVerification email="marie@example.fr" />);
    await user.click(button());
    expect(await screen.findByRole('alert')).toHaveTextContent('Trop de demandes : réessayez dans quelques minutes.');
  });
});
