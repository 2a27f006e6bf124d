import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { RegisterPage } from './RegisterPage';

async function fill(user: ReturnType<typeof userEvent.setup>, values: { email?: string; username?: string; password?: string }) {
  if (values.email) await user.type(screen.getByLabelText('Adresse e-mail'), values.email);
  if (values.username) await user.type(screen.getByLabelText("Nom d'utilisateur"), values.username);
  if (values.password) await user.type(screen.getByLabelText('Mot de passe'), values.password);
}

describe('RegisterPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('checks the rules before sending, in French, tied to each field', async () => {
    const fake = fakeApi({});
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<RegisterPage />);
    await fill(user, { email: 'pas-un-email', username: 'a', password: 'court' });
    await user.click(screen.getByRole('button', { name: 'Créer mon compte' }));
    expect(await screen.findByText('Ce n’est pas une adresse e-mail valide.')).toBeInTheDocument();
    expect(screen.getByText('3 à 30 lettres (sans accents), chiffres ou _.')).toBeInTheDocument();
    expect(screen.getByText('Au moins 10 caractères.')).toBeInTheDocument();
    expect(screen.getByText('Vous devez accepter les conditions pour créer un compte.')).toBeInTheDocument();
    expect(screen.getByLabelText('Adresse e-mail')).toHaveAccessibleDescription('Ce n’est pas une adresse e-mail valide.');
    expect(screen.getByLabelText('Adresse e-mail')).toHaveAttribute('aria-invalid', 'true');
    expect(fake.calls).toHaveLength(0);
  });

  it('shows the server’s field errors on their fields', async () => {
    const fake = fakeApi({
      'POST /auth/register': problem(422, 'validation_failed', {
        errors: [
          { field: 'body.username', code: 'taken', message: 'taken' },
          { field: 'body.password', code: 'too_common', message: 'common' },
        ],
      }),
    });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<RegisterPage />);
    await fill(user, { email: 'marie@example.fr', username: 'marie_76', password: 'azertyuiop12' });
    await user.click(screen.getByLabelText(/J'accepte les/));
    await user.click(screen.getByRole('button', { name: 'Créer mon compte' }));
    expect(await screen.findByText('Ce nom d’utilisateur est déjà pris.')).toBeInTheDocument();
    expect(screen.getByText('Ce mot de passe est trop courant : choisissez-en un autre.')).toBeInTheDocument();
    expect(fake.calls[0]?.data).toMatchObject({ email: 'marie@example.fr', username: 'marie_76', language: 'fr', accept_terms: true });
  });

  it('tells the resident to check their mailbox once registered', async () => {
    const fake = fakeApi({ 'POST /auth/register': { status: 202, data: { status: 'verification_sent' } } });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<RegisterPage />);
    await fill(user, { email: 'marie@example.fr', username: 'marie_76', password: 'Rive gauche 2026' });
    await user.click(screen.getByLabelText(/J'accepte les/));
    await user.click(screen.getByRole('button', { name: 'Créer mon compte' }));
    expect(await screen.findByRole('heading', { name: 'Vérifiez votre boîte mail' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('marie@example.fr');
  });

  it('shows the password rules with the field, and the server’s words for a code it does not know', async () => {
    const fake = fakeApi({
      'POST /auth/register': problem(422, 'validation_failed', {
        errors: [{ field: 'body.email', code: 'brand_new_rule', message: 'this domain does not take mail' }],
      }),
    });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<RegisterPage />);
    expect(screen.getByLabelText('Mot de passe')).toHaveAccessibleDescription(/De 10 à 128 caractères/);
    expect(screen.getByRole('link', { name: 'conditions d’utilisation' })).toHaveAttribute('href', '/terms');
    expect(screen.getByRole('link', { name: 'politique de confidentialité' })).toHaveAttribute('href', '/privacy');
    await fill(user, { email: 'marie@example.fr', username: 'marie_76', password: 'Rive gauche 2026' });
    await user.click(screen.getByLabelText(/J'accepte les/));
    await user.click(screen.getByRole('button', { name: 'Créer mon compte' }));
    expect(await screen.findByText('this domain does not take mail')).toBeInTheDocument();
    expect(screen.getByLabelText('Adresse e-mail')).toHaveAccessibleDescription('this domain does not take mail');
    expect(screen.getByLabelText('Adresse e-mail')).toHaveFocus();
  });

  it('says so when too many accounts were created from here', async () => {
    restore = fakeApi({ 'POST /auth/register': problem(429, 'rate_limited', { retry_after_secs: 600 }) }).restore;
    const user = userEvent.setup();
    renderWithProviders(<RegisterPage />);
    await fill(user, { email: 'marie@example.fr', username: 'marie_76', password: 'Rive gauche 2026' });
    await user.click(screen.getByLabelText(/J'accepte les/));
    await user.click(screen.getByRole('button', { name: 'Créer mon compte' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Trop de demandes : réessayez dans quelques minutes.');
  });
});
