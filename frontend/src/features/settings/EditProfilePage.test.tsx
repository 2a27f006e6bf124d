import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '../../api/session';
import { fakeApi, problem } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { EditProfilePage, splitInterests } from './EditProfilePage';

const neighbourhoods = {
  status: 200,
  data: {
    items: [
      { id: 'saint-sever', name: 'Saint-Sever' },
      { id: 'vieux-marche', name: 'Vieux-Marché' },
    ],
  },
};

describe('EditProfilePage', () => {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    useSession.getState().signIn('tok', me());
  });
  afterEach(() => {
    restore();
    vi.unstubAllGlobals();
  });

  it('starts from the current profile and saves the changes', async () => {
    const fake = fakeApi({
      'GET /neighbourhoods': neighbourhoods,
      'PUT /users/me': (call) => ({ status: 200, data: me({ ...(call.data as object), neighbourhood: 'vieux-marche' }) }),
    });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<EditProfilePage />);
    const bio = await screen.findByLabelText('Présentation');
    expect(bio).toHaveValue('Fan du 106');
    expect(screen.getByLabelText('Quartier')).toHaveValue('saint-sever');
    await user.clear(bio);
    await user.type(bio, 'Toujours au marché');
    await user.selectOptions(screen.getByLabelText('Quartier'), 'Vieux-Marché');
    await user.clear(screen.getByLabelText('Centres d’intérêt'));
    await user.type(screen.getByLabelText('Centres d’intérêt'), 'marchés, , jazz ');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Enregistré.');
    expect(fake.calls.find((c) => c.method === 'PUT')?.data).toEqual({
      username: 'marie_76',
      display_name: 'Marie Dupont',
      bio: 'Toujours au marché',
      neighbourhood: 'vieux-marche',
      interests: ['marchés', 'jazz'],
    });
    expect(useSession.getState().user?.bio).toBe('Toujours au marché');
  });

  it('checks the rules before sending, in French', async () => {
    const fake = fakeApi({ 'GET /neighbourhoods': neighbourhoods });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<EditProfilePage />);
    const username = await screen.findByLabelText("Nom d'utilisateur");
    await user.clear(username);
    await user.type(username, 'marie dupont');
    await user.clear(screen.getByLabelText('Nom affiché'));
    await user.clear(screen.getByLabelText('Centres d’intérêt'));
    await user.type(screen.getByLabelText('Centres d’intérêt'), Array.from({ length: 11 }, (_, i) => `sujet ${String(i)}`).join(','));
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('3 à 30 lettres (sans accents), chiffres ou _.')).toBeInTheDocument();
    expect(screen.getByText('De 1 à 50 caractères.')).toBeInTheDocument();
    expect(screen.getByText('Au plus 10 centres d’intérêt.')).toBeInTheDocument();
    expect(fake.calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
  });

  it('puts the server’s field errors on their fields', async () => {
    restore = fakeApi({
      'GET /neighbourhoods': neighbourhoods,
      'PUT /users/me': problem(422, 'validation_failed', {
        errors: [
          { field: 'body.username', code: 'reserved', message: 'reserved' },
          { field: 'body.interests[1]', code: 'too_long', message: 'too long' },
        ],
      }),
    }).restore;
    const user = userEvent.setup();
    renderWithProviders(<EditProfilePage />);
    await user.click(await screen.findByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Ce nom est réservé.')).toBeInTheDocument();
    expect(screen.getByLabelText("Nom d'utilisateur")).toHaveAccessibleDescription(/Ce nom est réservé\./);
    expect(screen.getByLabelText('Centres d’intérêt')).toHaveAccessibleDescription(/Trop long\./);
  });

  it('shows the chosen picture at once, PUTs it to storage without the access token, then has it processed', async () => {
    const stored = vi.fn<(url: string, init: RequestInit) => Promise<{ ok: boolean; status: number }>>(() =>
      Promise.resolve({ ok: true, status: 200 }),
    );
    vi.stubGlobal('fetch', stored);
    const fake = fakeApi({
      'GET /neighbourhoods': neighbourhoods,
      'POST /users/avatar': {
        status: 200,
        data: { upload_id: 'U1', url: 'http://blobs.test/u1?sig=x', method: 'PUT', headers: { 'Content-Type': 'image/png' }, expires_at: '' },
      },
      'POST /users/avatar/complete': {
        status: 200,
        data: me({ avatar: { small: '/blobs/s.jpg', medium: '/blobs/m.jpg', large: '/blobs/l.jpg' } }),
      },
    });
    restore = fake.restore;
    const user = userEvent.setup();
    renderWithProviders(<EditProfilePage />);
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'moi.png', { type: 'image/png' });
    await user.upload(await screen.findByLabelText('Choisir une photo'), file);
    expect(screen.getByRole('img', { name: 'Aperçu de la photo de profil' })).toHaveAttribute('src', expect.stringMatching(/^blob:/));
    expect(await screen.findByText('Image enregistrée.')).toBeInTheDocument();
    expect(fake.calls.find((c) => c.url === '/users/avatar')?.data).toEqual({ content_type: 'image/png', size: 4 });
    expect(stored).toHaveBeenCalledOnce();
    const [url, init] = stored.mock.calls[0] ?? [];
    expect(url).toBe('http://blobs.test/u1?sig=x');
    expect(init).toMatchObject({ method: 'PUT', headers: { 'Content-Type': 'image/png' }, body: file });
    expect(JSON.stringify(init?.headers)).not.toContain('Authorization');
    expect(fake.calls.find((c) => c.url === '/users/avatar/complete')?.data).toEqual({ upload_id: 'U1' });
    expect(useSession.getState().user?.avatar?.small).toBe('/blobs/s.jpg');
  });

  it('refuses a file that is not a JPEG, PNG or WebP picture without sending it', async () => {
    const fake = fakeApi({ 'GET /neighbourhoods': neighbourhoods });
    restore = fake.restore;
    const user = userEvent.setup({ applyAccept: false });
    renderWithProviders(<EditProfilePage />);
    await user.upload(await screen.findByLabelText('Choisir une image'), new File(['GIF89a'], 'anim.gif', { type: 'image/gif' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Ce fichier n’est pas une image JPEG, PNG ou WebP.');
    expect(fake.calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });
});

describe('splitInterests', () => {
  it('trims and drops empty entries', () => {
    expect(splitInterests(' vélo ,, concerts ,')).toEqual(['vélo', 'concerts']);
  });
});
