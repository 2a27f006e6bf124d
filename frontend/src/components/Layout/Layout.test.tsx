import { screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { event, story } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { Layout } from './Layout';

const routes = {
  'GET /trending': { status: 200, data: { computed_at: null, hashtags: [], posts: [] } },
  'GET /health': { status: 200, data: { status: 'ok', time: '2026-12-02T10:00:00Z', checks: [], last_heartbeat: null } },
  'GET /build-info': { status: 200, data: { name: 'rouen-social', version: '0.1.0', git_sha: 'abc', built_at: '2026-12-01T00:00:00Z', runtime: 'local' } },
  'GET /news/breaking': { status: 200, data: { items: [story({ breaking: true, title: 'Pont Flaubert fermé' })] } },
  'GET /events': { status: 200, data: { items: [event()], next_cursor: null } },
  'GET /news': { status: 200, data: { items: [story()], next_cursor: null } },
};

function shell() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<p>accueil</p>} />
        <Route path="news" element={<p>actualités</p>} />
      </Route>
    </Routes>
  );
}

describe('Layout', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('shows the breaking banner, and on the home page the coming events and latest news', async () => {
    restore = fakeApi(routes).restore;
    renderWithProviders(shell(), '/');
    expect(await screen.findByRole('link', { name: 'Pont Flaubert fermé' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Prochains événements' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Dernières actualités' })).toBeInTheDocument();
  });

  it('keeps the home widgets to the home page', async () => {
    const fake = fakeApi(routes);
    restore = fake.restore;
    renderWithProviders(shell(), '/news');
    expect(await screen.findByRole('link', { name: 'Pont Flaubert fermé' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Prochains événements' })).toBeNull();
    await waitFor(() => {
      expect(fake.calls.some((c) => c.url === '/trending')).toBe(true);
    });
    expect(fake.calls.some((c) => c.url === '/events')).toBe(false);
  });
});
