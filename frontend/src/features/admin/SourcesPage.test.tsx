import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceHealth } from '../../api/sources';
import { useSession } from '../../api/session';
import { fakeApi, problem } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { SourcesPage } from './SourcesPage';

function source(overrides: Partial<SourceHealth> = {}): SourceHealth {
  return {
    id: 'le-106',
    name: 'Le 106',
    kind: 'events',
    url: 'https://www.le106.com/agenda.json',
    homepage: 'https://www.le106.com/',
    format: 'json_ld',
    every_minutes: 30,
    licence: 'Informations publiques',
    notes: '',
    state: 'ok',
    last_attempt_at: new Date(Date.now() - 10 * 60_000).toISOString(),
    last_success_at: new Date(Date.now() - 10 * 60_000).toISOString(),
    last_error: null,
    consecutive_failures: 0,
    items_seen: 12,
    items_skipped: 0,
    skipped: [],
    ...overrides,
  };
}

const items: SourceHealth[] = [
  source(),
  source({
    id: 'zenith',
    name: 'Zénith de Rouen',
    format: 'ical',
    state: 'error',
    every_minutes: 360,
    last_success_at: null,
    last_error: 'HTTP 503 from https://zenith.example/agenda.ics',
    consecutive_failures: 3,
    items_seen: 0,
  }),
  source({
    id: 'metropole',
    name: 'Métropole Rouen Normandie',
    format: 'opendatasoft',
    state: 'not_configured',
    last_attempt_at: null,
    last_success_at: null,
  }),
  source({
    id: '76actu',
    name: '76actu',
    kind: 'news',
    format: 'feed',
    items_seen: 40,
    items_skipped: 3,
    skipped: [
      { item: 'Horoscope du jour', reason: 'not about Rouen' },
      { item: 'Publi-rédactionnel', reason: 'sponsored' },
      { item: 'Sans titre', reason: 'missing title' },
    ],
  }),
];

function asAdmin(routes: Parameters<typeof fakeApi>[0]) {
  useSession.setState({ status: 'signedIn', accessToken: 't', user: me({ role: 'admin' }) });
  return fakeApi(routes);
}

describe('SourcesPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('sums the states up and lists the failing sources first, then by name', async () => {
    restore = asAdmin({ 'GET /admin/sources': { status: 200, data: { items } } }).restore;
    renderWithProviders(<SourcesPage />);
    expect(await screen.findByText('2 sources OK, 1 en erreur, 1 non configurée')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: '4 sources et leur état' });
    expect(screen.getByRole('region', { name: '4 sources et leur état' })).toContainElement(table);
    const names = within(table).getAllByRole('rowheader').map((th) => th.textContent);
    expect(names).toEqual(['Zénith de Rouen', '76actu', 'Le 106', 'Métropole Rouen Normandie']);

    const zenith = within(table).getByRole('row', { name: /Zénith de Rouen/ });
    expect(within(zenith).getByText('En erreur')).toBeInTheDocument();
    expect(within(zenith).getByText('HTTP 503 from https://zenith.example/agenda.ics')).toBeInTheDocument();
    expect(within(zenith).getByText('3 échecs d’affilée')).toBeInTheDocument();
    expect(within(zenith).getByText('Jamais')).toBeInTheDocument();
    expect(within(zenith).getByText('iCalendar')).toBeInTheDocument();
    expect(within(zenith).getByText('toutes les 6 h')).toBeInTheDocument();

    const le106 = within(table).getByRole('row', { name: /Le 106/ });
    expect(within(le106).getByRole('link', { name: 'Le 106' })).toHaveAttribute('href', 'https://www.le106.com/');
    expect(within(le106).getByRole('link', { name: 'Le 106' })).toHaveAttribute('rel', 'noopener noreferrer');
    expect(within(le106).getByText('OK')).toBeInTheDocument();
    expect(within(le106).getByText('JSON-LD')).toBeInTheDocument();
    expect(within(le106).getByText('toutes les 30 min')).toBeInTheDocument();
    const success = within(le106).getByText('il y a 10 minutes');
    expect(success.tagName).toBe('TIME');
    expect(success).toHaveAttribute('dateTime', items[0]?.last_success_at);
    expect(success.getAttribute('title')).toMatch(/\d{4} à \d{2}:\d{2}/);

    expect(within(table).getByText('Non configurée')).toBeInTheDocument();
  });

  it('filters by kind with toggle buttons', async () => {
    restore = asAdmin({ 'GET /admin/sources': { status: 200, data: { items } } }).restore;
    const user = userEvent.setup();
    renderWithProviders(<SourcesPage />);
    const all = await screen.findByRole('button', { name: 'Toutes' });
    expect(all).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Événements' }));
    expect(screen.getByRole('button', { name: 'Événements' })).toHaveAttribute('aria-pressed', 'true');
    expect(all).toHaveAttribute('aria-pressed', 'false');
    expect(screen.queryByRole('link', { name: '76actu' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Le 106' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: '3 sources et leur état' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Actualités' }));
    expect(screen.getByRole('link', { name: '76actu' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Le 106' })).not.toBeInTheDocument();
  });

  it('shows a source’s skipped items and why on demand', async () => {
    restore = asAdmin({ 'GET /admin/sources': { status: 200, data: { items } } }).restore;
    const user = userEvent.setup();
    renderWithProviders(<SourcesPage />);
    const show = await screen.findByRole('button', { name: 'Voir les 3 éléments ignorés' });
    expect(show).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByText('not about Rouen')).not.toBeVisible();
    await user.click(show);
    expect(show).toHaveAttribute('aria-expanded', 'true');
    expect(show).toHaveAccessibleName('Masquer les éléments ignorés');
    const panel = document.getElementById(show.getAttribute('aria-controls') ?? '');
    expect(panel).toBeVisible();
    expect(panel).toHaveTextContent('Horoscope du jour');
    expect(panel).toHaveTextContent('not about Rouen');
    expect(panel).toHaveTextContent('sponsored');
    expect(panel).toHaveTextContent('missing title');
    await user.click(show);
    expect(screen.getByText('not about Rouen')).not.toBeVisible();
  });

  it('asks the server again on refresh', async () => {
    let calls = 0;
    restore = asAdmin({
      'GET /admin/sources': () => {
        calls += 1;
        return { status: 200, data: { items: calls === 1 ? items : items.map((s) => ({ ...s, state: 'ok' })) } };
      },
    }).restore;
    const user = userEvent.setup();
    renderWithProviders(<SourcesPage />);
    await screen.findByText('2 sources OK, 1 en erreur, 1 non configurée');
    await user.click(screen.getByRole('button', { name: 'Actualiser' }));
    expect(await screen.findByText('4 sources OK')).toBeInTheDocument();
    expect(calls).toBe(2);
    expect(screen.getByRole('status')).toHaveTextContent(/^Mis à jour à \d{2}:\d{2}:\d{2}$/);
  });

  it('says so when the server refuses', async () => {
    restore = asAdmin({ 'GET /admin/sources': problem(403, 'forbidden') }).restore;
    renderWithProviders(<SourcesPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Vous n’avez pas accès à cette action.');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('is refused to moderators without asking the server', () => {
    useSession.setState({ status: 'signedIn', accessToken: 't', user: me({ role: 'moderator' }) });
    const fake = fakeApi({});
    restore = fake.restore;
    renderWithProviders(<SourcesPage />);
    expect(screen.getByRole('alert')).toHaveTextContent('Vous n’avez pas accès à cette action.');
    expect(fake.calls).toHaveLength(0);
  });
});
