import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '../../api/session';
import { fakeApi, problem } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { residentReport } from './fixtures';
import { ReportForm } from './ReportForm';

function setGeolocation(value: Partial<Geolocation> | undefined) {
  Object.defineProperty(navigator, 'geolocation', { value, configurable: true });
}

describe('ReportForm', () => {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    useSession.getState().signIn('tok', me());
  });
  afterEach(() => {
    restore();
    setGeolocation(undefined);
    // jsdom has no geolocation: take the property away again.
    delete (navigator as { geolocation?: unknown }).geolocation;
  });

  it('says what is missing before sending anything', async () => {
    const fake = fakeApi({});
    restore = fake.restore;
    renderWithProviders(<ReportForm />);
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer le signalement' }));
    expect(await screen.findByText('Choisissez le type d’incident.')).toBeInTheDocument();
    expect(screen.getByText('Indiquez où se trouve l’incident.')).toBeInTheDocument();
    expect(screen.getByLabelText('Type d’incident')).toHaveAttribute('aria-invalid', 'true');
    expect(fake.calls).toHaveLength(0);
  });

  it('reports at a known place, naming the street after it', async () => {
    const fake = fakeApi({ 'POST /traffic/incidents': { status: 201, data: residentReport() } });
    restore = fake.restore;
    const onReported = vi.fn();
    renderWithProviders(<ReportForm onReported={onReported} />);
    await userEvent.selectOptions(screen.getByLabelText('Type d’incident'), 'Accident');
    await userEvent.type(screen.getByLabelText('Description (facultatif)'), 'Deux voitures, voie de droite bloquée');
    await userEvent.selectOptions(screen.getByLabelText('Lieu connu'), 'Théâtre des Arts');
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer le signalement' }));
    expect(await screen.findByText('Merci ! Votre signalement est publié.')).toBeInTheDocument();
    expect(fake.calls[0]?.data).toEqual({ type: 'accident', description: 'Deux voitures, voie de droite bloquée', lat: 49.4393, lon: 1.0888, street: 'Théâtre des Arts' });
    expect(onReported).toHaveBeenCalledWith(expect.objectContaining({ id: 'INC2' }));
  });

  it('uses the device’s position', async () => {
    setGeolocation({
      getCurrentPosition: (success: PositionCallback) => {
        success({ coords: { latitude: 49.44321, longitude: 1.09876 } } as GeolocationPosition);
      },
    });
    const fake = fakeApi({ 'POST /traffic/incidents': { status: 201, data: residentReport() } });
    restore = fake.restore;
    renderWithProviders(<ReportForm />);
    await userEvent.selectOptions(screen.getByLabelText('Type d’incident'), 'Bouchon');
    await userEvent.click(screen.getByRole('button', { name: 'Utiliser ma position' }));
    expect(await screen.findByText('Position trouvée (49.44321, 1.09876).')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Rue (facultatif)'), 'Rue Jeanne-d’Arc');
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer le signalement' }));
    await waitFor(() => {
      expect(fake.calls[0]?.data).toEqual({ type: 'congestion', lat: 49.44321, lon: 1.09876, street: 'Rue Jeanne-d’Arc' });
    });
  });

  it('offers the other ways when the position is refused', async () => {
    setGeolocation({
      getCurrentPosition: (_success: PositionCallback, failure?: PositionErrorCallback | null) => {
        failure?.({ code: 1, message: 'denied' } as GeolocationPositionError);
      },
    });
    renderWithProviders(<ReportForm />);
    await userEvent.click(screen.getByRole('button', { name: 'Utiliser ma position' }));
    expect(await screen.findByText('Votre position n’est pas disponible. Choisissez un lieu dans la liste ou sur la carte.')).toBeInTheDocument();
  });

  it('shows the server’s field errors on their fields', async () => {
    restore = fakeApi({
      'POST /traffic/incidents': problem(422, 'validation_failed', {
        errors: [
          { field: 'body.description', code: 'too_long', message: 'too long' },
          { field: 'body.lat', code: 'out_of_area', message: 'This place is outside the Métropole.' },
        ],
      }),
    }).restore;
    renderWithProviders(<ReportForm />);
    await userEvent.selectOptions(screen.getByLabelText('Type d’incident'), 'Danger');
    await userEvent.selectOptions(screen.getByLabelText('Lieu connu'), 'Zénith (Grand-Quevilly)');
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer le signalement' }));
    expect(await screen.findByText('This place is outside the Métropole.')).toBeInTheDocument();
    expect(screen.getByLabelText('Description (facultatif)')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Description (facultatif)')).toHaveAccessibleDescription(/Au plus|trop long|too long/i);
  });

  it('reads field errors written as a map too, and a refusal of the whole form', async () => {
    let answer = problem(422, 'validation_failed', { errors: { 'body.street': ['too_long'] } });
    restore = fakeApi({ 'POST /traffic/incidents': () => answer }).restore;
    renderWithProviders(<ReportForm />);
    await userEvent.selectOptions(screen.getByLabelText('Type d’incident'), 'Autre');
    await userEvent.selectOptions(screen.getByLabelText('Lieu connu'), 'Gare Rouen Rive-Droite');
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer le signalement' }));
    await waitFor(() => {
      expect(screen.getByLabelText('Rue (facultatif)')).toHaveAttribute('aria-invalid', 'true');
    });

    answer = problem(429, 'rate_limited');
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer le signalement' }));
    expect(await screen.findByText('Trop de demandes : réessayez dans quelques minutes.')).toBeInTheDocument();
  });
});
