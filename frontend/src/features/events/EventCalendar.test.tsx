import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CalendarMonth } from '../../api/events';
import { useSession } from '../../api/session';
import { fakeApi } from '../../test/fakeApi';
import { event, me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { EventCalendar } from './EventCalendar';

const market = event({ id: 'E2', title: 'Marché de Noël', category: 'markets', all_day: true, starts_at: '2026-12-09T23:00:00Z', ends_at: '2026-12-12T23:00:00Z' });

const december: CalendarMonth = {
  month: '2026-12',
  days: [
    { date: '2026-12-05', items: [event()] },
    { date: '2026-12-10', items: [market] },
    { date: '2026-12-11', items: [market] },
    { date: '2026-12-12', items: [market] },
  ],
};

function page(category?: string) {
  return (
    <Routes>
      <Route path="/events" element={<EventCalendar category={category} today="2026-12-02" />} />
    </Routes>
  );
}

function calendarCalls(calls: { url: string; params: Record<string, unknown> }[]) {
  return calls.filter((c) => c.url === '/events/calendar').map((c) => c.params);
}

describe('EventCalendar', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
    vi.unstubAllGlobals();
  });

  it('shows the month as a Monday-first grid, each event on its day, today marked', async () => {
    const fake = fakeApi({ 'GET /events/calendar': { status: 200, data: december } });
    restore = fake.restore;
    renderWithProviders(page('concerts'), '/events?view=calendar&month=2026-12');
    expect(screen.getByRole('heading', { name: 'décembre 2026' })).toBeInTheDocument();
    const grid = screen.getByRole('grid', { name: 'décembre 2026' });
    expect(within(grid).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.']);
    await screen.findByRole('link', { name: 'Orelsan en concert' });
    const saturday = screen.getByRole('gridcell', { name: /samedi 5 décembre/ });
    expect(within(saturday).getByRole('link', { name: 'Orelsan en concert' })).toHaveAttribute('href', '/events/01JDEVENT0000000000000001');
    expect(within(screen.getByRole('gridcell', { name: /vendredi 4 décembre/ })).queryByRole('link')).toBeNull();
    // 1 December 2026 is a Tuesday: one empty cell before it.
    const firstWeek = within(grid).getAllByRole('row')[1];
    expect(firstWeek?.querySelectorAll('td')[1]).toHaveAttribute('data-date', '2026-12-01');
    expect(screen.getByRole('gridcell', { name: /mercredi 2 décembre/ })).toHaveAttribute('aria-current', 'date');
    expect(calendarCalls(fake.calls)[0]).toMatchObject({ month: '2026-12', category: 'concerts' });
  });

  it('shows an event that lasts several days on each of its days', async () => {
    restore = fakeApi({ 'GET /events/calendar': { status: 200, data: december } }).restore;
    renderWithProviders(page(), '/events?month=2026-12');
    await screen.findAllByRole('link', { name: 'Marché de Noël' });
    for (const day of ['jeudi 10 décembre', 'vendredi 11 décembre', 'samedi 12 décembre']) {
      const cell = screen.getByRole('gridcell', { name: new RegExp(day) });
      expect(within(cell).getByRole('link', { name: 'Marché de Noël' })).toHaveAttribute('href', '/events/E2');
    }
    expect(screen.getAllByRole('link', { name: 'Marché de Noël' })).toHaveLength(3);
  });

  it('goes to the next month and back', async () => {
    const fake = fakeApi({ 'GET /events/calendar': (call) => ({ status: 200, data: { month: call.params.month, days: [] } }) });
    restore = fake.restore;
    renderWithProviders(page(), '/events?month=2026-12');
    await userEvent.click(screen.getByRole('button', { name: 'Mois suivant' }));
    expect(screen.getByRole('heading', { name: 'janvier 2027' })).toBeInTheDocument();
    await waitFor(() => {
      expect(calendarCalls(fake.calls).at(-1)?.month).toBe('2027-01');
    });
    expect(await screen.findByText('Aucun événement ce mois-ci.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Mois précédent' }));
    expect(screen.getByRole('heading', { name: 'décembre 2026' })).toBeInTheDocument();
  });

  it('moves between days with the arrow keys, into the next month too', async () => {
    const fake = fakeApi({ 'GET /events/calendar': (call) => ({ status: 200, data: { month: call.params.month, days: [] } }) });
    restore = fake.restore;
    renderWithProviders(page(), '/events?month=2026-12');
    const today = screen.getByRole('gridcell', { name: /mercredi 2 décembre/ });
    expect(today).toHaveAttribute('tabindex', '0');
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    expect(today).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('gridcell', { name: /jeudi 3 décembre/ })).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}{End}');
    expect(screen.getByRole('gridcell', { name: /dimanche 13 décembre/ })).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(screen.getByRole('gridcell', { name: /dimanche 3 janvier/ })).toHaveFocus();
    expect(screen.getByRole('heading', { name: 'janvier 2027' })).toBeInTheDocument();
  });

  it('becomes a list of the days with events on a narrow screen', async () => {
    vi.stubGlobal('matchMedia', (query: string) => ({ matches: true, media: query, addEventListener: () => undefined, removeEventListener: () => undefined }));
    restore = fakeApi({ 'GET /events/calendar': { status: 200, data: december } }).restore;
    renderWithProviders(page(), '/events?month=2026-12');
    const agenda = await screen.findByRole('list', { name: 'décembre 2026' });
    expect(screen.queryByRole('grid')).toBeNull();
    expect(within(agenda).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'samedi 5 décembre',
      'jeudi 10 décembre',
      'vendredi 11 décembre',
      'samedi 12 décembre',
    ]);
    expect(within(agenda).getByText('20:00')).toBeInTheDocument();
  });

  it('offers residents their own events only', async () => {
    useSession.getState().signIn('tok', me());
    const fake = fakeApi({ 'GET /events/calendar': { status: 200, data: december } });
    restore = fake.restore;
    renderWithProviders(page(), '/events?month=2026-12');
    const mine = screen.getByRole('button', { name: 'Mes événements uniquement' });
    expect(mine).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(mine);
    expect(mine).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => {
      expect(calendarCalls(fake.calls).at(-1)?.mine).toBe('true');
    });
  });

  it('has no such toggle for visitors', () => {
    restore = fakeApi({ 'GET /events/calendar': { status: 200, data: december } }).restore;
    renderWithProviders(page(), '/events?month=2026-12&mine=true');
    expect(screen.queryByRole('button', { name: 'Mes événements uniquement' })).toBeNull();
  });
});
