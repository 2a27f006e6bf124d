import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RsvpState } from '../../api/events';
import { useSession } from '../../api/session';
import { fakeApi, problem } from '../../test/fakeApi';
import { event, me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { EventPage } from './EventPage';

const ID = '01JDEVENT0000000000000001';

function page() {
  return (
    <Routes>
      <Route path="/events/:id" element={<EventPage />} />
      <Route path="/login" element={<p>page de connexion</p>} />
    </Routes>
  );
}

const common = {
  [`GET /events/${ID}`]: { status: 200, data: event() },
  'GET /neighbourhoods': { status: 200, data: { items: [{ id: 'saint-sever', name: 'Saint-Sever' }] } },
};

describe('EventPage', () => {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    useSession.getState().signIn('tok', me());
  });
  afterEach(() => {
    restore();
  });

  it('shows the whole event: when, price, description, venue with its map, sources, calendar file', async () => {
    restore = fakeApi(common).restore;
    renderWithProviders(page(), `/events/${ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Orelsan en concert' })).toBeInTheDocument();
    expect(screen.getByText('samedi 5 décembre 2026, 20:00 – 23:00')).toBeInTheDocument();
    expect(screen.getByText(/de 15\s€ à 30\s€/)).toBeInTheDocument();
    expect(screen.getByText('Le rappeur caennais revient au 106.')).toBeInTheDocument();
    expect(screen.getByText('Première partie à 19 h.')).toBeInTheDocument();
    const venue = screen.getByRole('region', { name: 'Lieu' });
    expect(within(venue).getByText(/Quai Jean de Béthencourt, 76100 Rouen/)).toBeInTheDocument();
    expect(await within(venue).findByText(/Quartier : Saint-Sever/)).toBeInTheDocument();
    const map = within(venue).getByRole('link', { name: 'Voir sur la carte' });
    expect(map).toHaveAttribute('href', event().map_url);
    expect(map).toHaveAttribute('target', '_blank');
    expect(map).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getByText(/^via/)).toHaveTextContent('via Le 106');
    const ics = screen.getByRole('link', { name: 'Ajouter à mon agenda' });
    expect(ics).toHaveAttribute('href', `/api/v1/events/${ID}.ics`);
    expect(ics).toHaveAttribute('download');
  });

  it('lists the sources and says when an event is cancelled or postponed', async () => {
    restore = fakeApi({
      ...common,
      [`GET /events/${ID}`]: {
        status: 200,
        data: event({
          status: 'postponed',
          sources: [
            { source_id: 'le-106', name: 'Le 106', url: 'https://le106.com/a' },
            { source_id: 'metropole', name: 'Métropole', url: 'https://metropole-rouen-normandie.fr/a' },
          ],
        }),
      },
    }).restore;
    renderWithProviders(page(), `/events/${ID}`);
    expect(await screen.findByText('Cet événement est reporté : la nouvelle date n’est pas encore connue.')).toBeInTheDocument();
    expect(screen.getByText(/^via/)).toHaveTextContent('via Le 106, Métropole');
    expect(screen.getByRole('link', { name: 'Métropole' })).toHaveAttribute('href', 'https://metropole-rouen-normandie.fr/a');
  });

  it('answers "going" at once, then takes the answer back with a second press', async () => {
    let state: RsvpState = { status: null, going_count: 3, interested_count: 7 };
    const fake = fakeApi({
      ...common,
      [`POST /events/${ID}/rsvp`]: (call) => {
        state = { status: (call.data as { status: 'going' }).status, going_count: 4, interested_count: 7 };
        return { status: 200, data: state };
      },
      [`DELETE /events/${ID}/rsvp`]: () => {
        state = { status: null, going_count: 3, interested_count: 7 };
        return { status: 200, data: state };
      },
    });
    restore = fake.restore;
    renderWithProviders(page(), `/events/${ID}`);
    const going = await screen.findByRole('button', { name: "J'y vais" });
    expect(going).toHaveAttribute('aria-pressed', 'false');
    expect(going).toHaveAccessibleDescription('3 y vont');
    await userEvent.click(going);
    expect(going).toHaveAttribute('aria-pressed', 'true');
    expect(going).toHaveAccessibleDescription('4 y vont');
    await waitFor(() => {
      expect(fake.calls.find((c) => c.method === 'POST')?.data).toEqual({ status: 'going' });
    });
    expect(screen.getByRole('button', { name: 'Intéressé·e' })).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(going);
    await waitFor(() => {
      expect(fake.calls.some((c) => c.method === 'DELETE' && c.url === `/events/${ID}/rsvp`)).toBe(true);
    });
    expect(going).toHaveAttribute('aria-pressed', 'false');
    expect(going).toHaveAccessibleDescription('3 y vont');
  });

  it('moves the answer from interested to going', async () => {
    const fake = fakeApi({
      ...common,
      [`GET /events/${ID}`]: { status: 200, data: event({ my_rsvp: 'interested' }) },
      [`POST /events/${ID}/rsvp`]: { status: 200, data: { status: 'going', going_count: 4, interested_count: 6 } },
    });
    restore = fake.restore;
    renderWithProviders(page(), `/events/${ID}`);
    const interested = await screen.findByRole('button', { name: 'Intéressé·e' });
    expect(interested).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(screen.getByRole('button', { name: "J'y vais" }));
    expect(interested).toHaveAttribute('aria-pressed', 'false');
    expect(interested).toHaveAccessibleDescription('6 intéressé·e·s');
    expect(screen.getByRole('button', { name: "J'y vais" })).toHaveAccessibleDescription('4 y vont');
  });

  it('puts the counts back when the server refuses', async () => {
    restore = fakeApi({ ...common, [`POST /events/${ID}/rsvp`]: problem(503, 'service_unavailable') }).restore;
    renderWithProviders(page(), `/events/${ID}`);
    const going = await screen.findByRole('button', { name: "J'y vais" });
    await userEvent.click(going);
    expect(await screen.findByRole('alert')).toHaveTextContent('Votre réponse n’a pas pu être enregistrée.');
    expect(going).toHaveAttribute('aria-pressed', 'false');
    expect(going).toHaveAccessibleDescription('3 y vont');
  });

  it('says when the event does not exist', async () => {
    restore = fakeApi({ [`GET /events/${ID}`]: problem(404, 'not_found') }).restore;
    renderWithProviders(page(), `/events/${ID}`);
    expect(await screen.findByRole('alert')).toHaveTextContent('Cet événement est introuvable.');
  });
});
