import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { VerifyEmailPage } from './VerifyEmailPage';

describe('VerifyEmailPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('confirms the address from the link’s token and offers to sign in', async () => {
    const fake = fakeApi({ 'POST /auth/verify-email': { status: 200, data: { status: 'verified' } } });
    restore = fake.restore;
    renderWithProviders(<VerifyEmailPage />, '/verify-email?token=abc');
    expect(await screen.findByText('Votre adresse est confirmée : vous pouvez vous connecter.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Aller à la connexion' })).toHaveAttribute('href', '/login');
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.data).toEqual({ token: 'abc' });
  });

  it('says when the link is unknown, used or expired', async () => {
    restore = fakeApi({ 'POST /auth/verify-email': problem(400, 'invalid_token') }).restore;
    renderWithProviders(<VerifyEmailPage />, '/verify-email?token=old');
    expect(await screen.findByRole('alert')).toHaveTextContent('Ce lien n’est pas valide, a déjà servi ou a expiré.');
  });

  it('does not call the server without a token', () => {
    const fake = fakeApi({});
    restore = fake.restore;
    renderWithProviders(<VerifyEmailPage />, '/verify-email');
    expect(screen.getByRole('alert')).toHaveTextContent('Ce lien n’est pas valide');
    expect(fake.calls).toHaveLength(0);
  });
});
