import { act, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { departure, stopDepartures, T1, transitAlert } from '../../test/transitFixtures';
import { DeparturesBoard } from './DeparturesBoard';

const board = stopDepartures({
  departures: [
    departure({ line: T1, headsign: 'Mont-Riboudet', scheduled_at: '2026-11-25T11:31:00Z', platform: 'B', trip_id: 'T1-1' }),
    departure({ headsign: 'Boulingrin', scheduled_at: '2026-11-25T11:35:00Z', expected_at: '2026-11-25T11:38:00Z', realtime: true, trip_id: 'M-1' }),
    departure({ headsign: 'Technopôle', scheduled_at: '2026-11-25T11:40:00Z', cancelled: true, realtime: true, trip_id: 'M-2' }),
    departure({ headsign: 'Georges-Braque', scheduled_at: '2026-11-25T12:55:00Z', trip_id: 'M-3' }),
  ],
  alerts: [transitAlert()],
});

describe('DeparturesBoard', () => {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date('2026-11-25T11:30:00Z'));
  });
  afterEach(() => {
    restore();
    vi.useRealTimers();
  });

  it('puts the stop’s alerts first, then each line’s departures with their countdown', async () => {
    restore = fakeApi({ 'GET /transit/stops/TARTS/departures': { status: 200, data: board } }).restore;
    renderWithProviders(<DeparturesBoard stopId="TARTS" />);
    const alerts = await screen.findByRole('region', { name: 'Perturbations' });
    expect(alerts).toHaveTextContent('Travaux rue Jeanne-d’Arc');
    expect(alerts).toHaveTextContent('Du 20 nov. 2026, 06:00 au 20 déc. 2026, 23:00');
    const regions = screen.getAllByRole('region');
    expect(regions.map((r) => r.getAttribute('aria-labelledby'))).toEqual(['transit-stop-alerts', 'transit-group-91', 'transit-group-90']);

    const teor = screen.getByRole('region', { name: 'Ligne T1 TEOR 1' });
    const first = within(teor).getByRole('listitem');
    expect(first).toHaveTextContent('vers Mont-Riboudet');
    expect(first).toHaveTextContent('dans 1 min');
    expect(first).toHaveTextContent('12:31');
    expect(first).toHaveTextContent('Horaire théorique');
    expect(first).toHaveTextContent('Quai B');

    const metro = screen.getByRole('region', { name: 'Ligne M Métro' });
    const [late, cancelled, later] = within(metro).getAllByRole('listitem');
    expect(late).toHaveTextContent('dans 8 min');
    expect(late).toHaveTextContent('12:38');
    expect(late).toHaveTextContent('retard de 3 min');
    expect(late).toHaveTextContent('(prévu à 12:35)');
    expect(late).toHaveTextContent('Temps réel');
    expect(cancelled).toHaveTextContent('Supprimé');
    expect(cancelled).toHaveAttribute('data-cancelled', 'true');
    expect(within(cancelled as HTMLElement).getByText('12:40').closest('s')).not.toBeNull();
    expect(cancelled).not.toHaveTextContent('dans');
    // Beyond an hour, the time alone.
    expect(later).toHaveTextContent('13:55');
    expect(later).not.toHaveTextContent('dans');

    expect(screen.getByRole('status')).toHaveTextContent('1 départ supprimé · 1 départ en retard');
    expect(screen.getByRole('status')).toHaveAttribute('aria-live', 'polite');
  });

  it('counts down between refreshes and asks again every 30 seconds', async () => {
    const fake = fakeApi({ 'GET /transit/stops/TARTS/departures': { status: 200, data: board } });
    restore = fake.restore;
    renderWithProviders(<DeparturesBoard stopId="TARTS" />);
    const metro = await screen.findByRole('region', { name: 'Ligne M Métro' });
    expect(within(metro).getAllByRole('listitem')[0]).toHaveTextContent('dans 8 min');
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.params.limit).toBe(20);
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(within(metro).getAllByRole('listitem')[0]).toHaveTextContent('dans 7 min');
    // The T1 that left a minute ago is due, then gone.
    expect(screen.getByRole('region', { name: 'Ligne T1 TEOR 1' })).toHaveTextContent('à l’approche');
    expect(fake.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('says when a stop is unknown, and when nothing leaves', async () => {
    restore = fakeApi({
      'GET /transit/stops/NOPE/departures': problem(404, 'not_found'),
      'GET /transit/stops/QUIET/departures': { status: 200, data: stopDepartures({ departures: [] }) },
    }).restore;
    renderWithProviders(
      <>
        <DeparturesBoard stopId="NOPE" />
        <DeparturesBoard stopId="QUIET" />
      </>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('Cet arrêt est introuvable.');
    expect(await screen.findByText('Aucun départ prévu dans les prochaines heures.')).toBeInTheDocument();
    expect(screen.getByText('Aucune perturbation sur les prochains départs.')).toBeInTheDocument();
  });
});
