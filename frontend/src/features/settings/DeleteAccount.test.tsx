import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSession } from '../../api/session';
import { fakeApi, problem } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { DeleteAccount } from './DeleteAccount';

function page() {
  return (
    <Routes>
      <Route path="/settings" element={<DeleteAccount />} />
      <Route path="/" element={<p>home page</p>} />
    </Routes>
  );
}

describe('DeleteAccount', () => {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    useSession.getState().signIn('tok', me());
  });
  afterEach(() => {
    restore();
  });

  it('asks for the password in a dialog before erasing anything', async () => {
    const fake = fakeApi({ 'DELETE /users/me': problem(403, 'wrong_password') });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(page(), '/settings');
    await user.click(screen.getByRole('button', { name: 'Supprimer mon compte…' }));
    const dialog = screen.getByRole('dialog', { name: 'Supprimer définitivement ?' });
    expect(dialog).toHaveAttribute('open');
    await user.click(screen.getByRole('button', { name: 'Supprimer définitivement' }));
    expect(await screen.findByText('Ce champ est obligatoire.')).toBeInTheDocument();
    expect(fake.calls).toHaveLength(0);
    await user.type(screen.getByLabelText('Mot de passe'), 'pas le bon');
    await user.click(screen.getByRole('button', { name: 'Supprimer définitivement' }));
    expect(await screen.findByText('Le mot de passe est incorrect.')).toBeInTheDocument();
    expect(useSession.getState().status).toBe('signedIn');
    await user.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(dialog).not.toHaveAttribute('open');
  });

  it('erases the account, ends the session and goes home', async () => {
    const fake = fakeApi({ 'DELETE /users/me': { status: 204 } });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(page(), '/settings');
    await user.click(screen.getByRole('button', { name: 'Supprimer mon compte…' }));
    await user.type(screen.getByLabelText('Mot de passe'), 'Rive gauche 2026');
    await user.click(screen.getByRole('button', { name: 'Supprimer définitivement' }));
    expect(await screen.findByText('home page')).toBeInTheDocument();
    expect(fake.calls[0]?.data).toEqual({ password: 'Rive gauche 2026' });
    expect(useSession.getState()).toMatchObject({ status: 'signedOut', user: null });
  });
});
