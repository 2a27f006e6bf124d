import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { lineSummary } from '../../test/transitFixtures';
import { TransitPage } from './TransitPage';

function app() {
  return (
    <Routes>
      <Route path="/transport/*" element={<TransitPage />} />
    </Routes>
  );
}

describe('TransitPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('has three sections, each its own address, the current one marked', async () => {
    restore = fakeApi({ 'GET /transit/lines': { status: 200, data: { lines: [lineSummary()] } } }).restore;
    renderWithProviders(app(), '/transport');
    expect(screen.getByRole('heading', { level: 1, name: 'Transports' })).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Rubriques des transports' });
    expect(nav).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Arrêts et départs' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('searchbox', { name: 'Rechercher un arrêt' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('link', { name: 'Lignes' }));
    expect(screen.getByRole('link', { name: 'Lignes' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Arrêts et départs' })).not.toHaveAttribute('aria-current');
    expect(await screen.findByRole('heading', { level: 2, name: 'Lignes du réseau' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('link', { name: 'Itinéraire' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Calculer un itinéraire' })).toBeInTheDocument();
  });

  it('marks the stops section on a stop’s page, and the lines section on a line’s', () => {
    restore = fakeApi({}).restore;
    const { unmount } = renderWithProviders(app(), '/transport/stops/TARTS');
    expect(screen.getByRole('link', { name: 'Arrêts et départs' })).toHaveAttribute('aria-current', 'page');
    unmount();
    renderWithProviders(app(), '/transport/lines/90');
    expect(screen.getByRole('link', { name: 'Lignes' })).toHaveAttribute('aria-current', 'page');
  });
});
