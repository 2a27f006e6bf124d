import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '../../api/session';
import { fakeApi, problem } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { incident, residentReport } from './fixtures';
import { IncidentCard } from './IncidentCard';

describe('IncidentCard', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
    vi.restoreAllMocks();
  });

  it('shows the type, title, place, times and source link, with no buttons for visitors', () => {
    renderWithProviders(<IncidentCard incident={incident()} />);
    const card = screen.getByRole('article', { name: 'Travaux de voirie quai de Paris' });
    expect(within(card).getByText('Travaux')).toBeInTheDocument();
    expect(within(card).getByText('Quai de Paris, Rouen')).toBeInTheDocument();
    expect(within(card).getByText(/Depuis le 20 novembre 2026 à 08:00/)).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Voir sur Métropole Rouen Normandie' })).toHaveAttribute('href', 'https://www.metropole-rouen-normandie.fr/travaux/quai-de-paris');
    expect(within(card).getByText('0 confirmation')).toBeInTheDocument();
    expect(within(card).queryByRole('button')).toBeNull();
  });

  it('lets a resident confirm it, and shows the server’s counts', async () => {
    useSession.getState().signIn('tok', me());
    const fake = fakeApi({ 'POST /traffic/incidents/INC2/votes': { status: 200, data: residentReport({ confirmations: 4, my_vote: 'confirm' }) } });
    restore = fake.restore;
    renderWithProviders(<IncidentCard incident={residentReport()} />);
    const card = screen.getByRole('article', { name: 'Accrochage au rond-point Saint-Paul' });
    expect(within(card).getByText('Signalé par Paul Martin')).toBeInTheDocument();
    expect(within(card).getByText('3 confirmations')).toBeInTheDocument();
    expect(within(card).getByText('1 « plus là »')).toBeInTheDocument();
    expect(within(card).queryByRole('button', { name: /Supprimer/ })).toBeNull();
    await userEvent.click(within(card).getByRole('button', { name: 'Confirmer : « Accrochage au rond-point Saint-Paul » est toujours là' }));
    await waitFor(() => {
      expect(fake.calls.map((c) => [c.method, c.url, c.data])).toEqual([['POST', '/traffic/incidents/INC2/votes', { vote: 'confirm' }]]);
    });
  });

  it('sends "no longer there" and says when the vote fails', async () => {
    useSession.getState().signIn('tok', me());
    const fake = fakeApi({ 'POST /traffic/incidents/INC2/votes': problem(429, 'rate_limited') });
    restore = fake.restore;
    renderWithProviders(<IncidentCard incident={residentReport()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Signaler que « Accrochage au rond-point Saint-Paul » n’est plus là' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Votre avis n’a pas pu être enregistré.');
    expect(fake.calls[0]?.data).toEqual({ vote: 'gone' });
  });

  it('shows the chosen vote as pressed', () => {
    useSession.getState().signIn('tok', me());
    renderWithProviders(<IncidentCard incident={residentReport({ my_vote: 'gone' })} />);
    expect(screen.getByRole('button', { name: /n’est plus là/ })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: /toujours là/ })).toHaveAttribute('aria-pressed', 'false');
  });

  it('lets the author delete their own report', async () => {
    useSession.getState().signIn('tok', me({ id: '01JD0000000000000000000002' }));
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    const fake = fakeApi({ 'DELETE /traffic/incidents/INC2': { status: 204 } });
    restore = fake.restore;
    renderWithProviders(<IncidentCard incident={residentReport()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Supprimer mon signalement « Accrochage au rond-point Saint-Paul »' }));
    await waitFor(() => {
      expect(fake.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['DELETE /traffic/incidents/INC2']);
    });
  });
});
