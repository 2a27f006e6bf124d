import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, type FakeCall } from '../../test/fakeApi';
import { articleRef, story } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { NewsPage } from './NewsPage';

const grouped = story({
  articles: [articleRef(), articleRef({ id: 'A2', source_id: 'paris-normandie', source_name: 'Paris-Normandie', title: 'Feu dans le centre' })],
});
const tram = story({ id: 'S2', title: 'Le métro ne roulera pas dimanche', category: 'transports', lead_article_id: 'A3', articles: [articleRef({ id: 'A3', source_id: 'metropole', source_name: 'Métropole' })] });

function page() {
  return (
    <Routes>
      <Route path="/news" element={<NewsPage />} />
    </Routes>
  );
}

function lastList(calls: FakeCall[]) {
  return calls.filter((c) => c.url === '/news').at(-1)?.params;
}

const common = {
  'GET /news/categories': { status: 200, data: { items: [{ code: 'faits_divers', count: 4 }, { code: 'transports', count: 2 }] } },
  'GET /news': (call: FakeCall) => ({
    status: 200,
    data: call.params.cursor === 'p2' ? { items: [tram], next_cursor: null } : { items: [grouped], next_cursor: 'p2' },
  }),
};

describe('NewsPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('shows a story told by two sources once, with both sources', async () => {
    restore = fakeApi(common).restore;
    renderWithProviders(page(), '/news');
    expect(screen.getByRole('heading', { level: 1, name: 'Actualités' })).toBeInTheDocument();
    const card = await screen.findByRole('article', { name: /Incendie rue du Gros-Horloge/ });
    expect(within(card).getByText('2 sources :')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: '76actu' })).toHaveAttribute('href', '/news/01JDART00000000000000001');
    expect(within(card).getByRole('link', { name: 'Paris-Normandie' })).toHaveAttribute('href', '/news/A2');
    expect(screen.getAllByRole('article')).toHaveLength(1);
  });

  it('loads more stories', async () => {
    const fake = fakeApi(common);
    restore = fake.restore;
    renderWithProviders(page(), '/news');
    await screen.findByRole('article', { name: /Incendie/ });
    await userEvent.click(screen.getByRole('button', { name: 'Voir plus' }));
    expect(await screen.findByRole('article', { name: 'Le métro ne roulera pas dimanche' })).toBeInTheDocument();
    expect(lastList(fake.calls)?.cursor).toBe('p2');
  });

  it('filters by category, Rouen only and source', async () => {
    const fake = fakeApi(common);
    restore = fake.restore;
    renderWithProviders(page(), '/news');
    await screen.findByRole('article', { name: /Incendie/ });
    await userEvent.click(await screen.findByRole('button', { name: 'Transports' }));
    await waitFor(() => {
      expect(lastList(fake.calls)?.category).toBe('transports');
    });
    const local = screen.getByRole('button', { name: 'Rouen uniquement' });
    await userEvent.click(local);
    expect(local).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => {
      expect(lastList(fake.calls)).toMatchObject({ category: 'transports', local: 'true' });
    });
    await screen.findByRole('option', { name: 'Paris-Normandie' });
    await userEvent.selectOptions(screen.getByLabelText('Source'), 'Paris-Normandie');
    await waitFor(() => {
      expect(lastList(fake.calls)).toMatchObject({ category: 'transports', local: 'true', source: 'paris-normandie' });
    });
  });

  it('says when there is no news', async () => {
    restore = fakeApi({ ...common, 'GET /news': { status: 200, data: { items: [], next_cursor: null } } }).restore;
    renderWithProviders(page(), '/news');
    expect(await screen.findByText('Aucune actualité pour le moment.')).toBeInTheDocument();
  });
});
