import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '../../api/session';
import type { Me } from '../../api/types';
import { useLanguage } from '../../stores/language';
import { fakeApi } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { SettingsPage } from './SettingsPage';

describe('SettingsPage', () => {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    useSession.getState().signIn('tok', me());
  });
  afterEach(() => {
    restore();
    useLanguage.setState({ lang: 'fr' });
  });

  it('saves each privacy setting as it changes', async () => {
    const fake = fakeApi({
      'PUT /users/me/settings': (call) => {
        const current = useSession.getState().user ?? me();
        return { status: 200, data: { ...current, settings: { ...current.settings, ...(call.data as Partial<Me['settings']>) } } };
      },
    });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<SettingsPage />);
    await user.click(screen.getByLabelText('Compte privé : j’accepte chaque nouvel abonné'));
    expect(await screen.findByRole('status')).toHaveTextContent('Enregistré.');
    expect(screen.getByLabelText('Compte privé : j’accepte chaque nouvel abonné')).toBeChecked();
    await user.selectOptions(screen.getByLabelText('Qui peut m’écrire'), 'followers');
    await user.click(screen.getByLabelText('Montrer quand je suis en ligne'));
    expect(fake.calls.map((c) => c.data)).toEqual([{ private_account: true }, { who_can_message: 'followers' }, { show_presence: false }]);
  });

  it('switches the interface to the language chosen for the account', async () => {
    restore = fakeApi({
      'PUT /users/me/settings': { status: 200, data: me({ settings: { ...me().settings, language: 'en' } }) },
    }).restore;
    const user = userEvent.setup();
    renderWithProviders(<SettingsPage />);
    await user.selectOptions(screen.getByLabelText('Langue'), 'en');
    await vi.waitFor(() => {
      expect(useLanguage.getState().lang).toBe('en');
    });
  });

  it('prepares the data export and links to it, in a new tab', async () => {
    restore = fakeApi({
      'GET /users/me/export': { status: 200, data: { url: 'http://blobs.test/exports/e1.json?sig=x', expires_at: '2026-11-26T10:00:00Z' } },
    }).restore;
    const user = userEvent.setup();
    renderWithProviders(<SettingsPage />);
    await user.click(screen.getByRole('button', { name: 'Préparer l’archive' }));
    const link = await screen.findByRole('link', { name: 'Télécharger l’archive' });
    expect(link).toHaveAttribute('href', 'http://blobs.test/exports/e1.json?sig=x');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });
});
