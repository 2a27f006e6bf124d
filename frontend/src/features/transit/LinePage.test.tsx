import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { lineDetail } from '../../test/transitFixtures';
import { LinePage } from './LinePage';

function page() {
  return (
    <Routes>
      <Route path="/transport/lines/:id" element={<LinePage />} />
    </Routes>
  );
}

describe('LinePage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('shows a disrupted line with its alerts', async () => {
    restore = fakeApi({ 'GET /transit/lines/91': { status: 200, data: lineDetail() } }).restore;
    renderWithProviders(page(), '/transport/lines/91');
    expect(await screen.findByRole('heading', { level: 2, name: 'Ligne T1 TEOR 1' })).toBeInTheDocument();
    expect(screen.getByText('Perturbé : 1 alerte')).toBeInTheDocument();
    expect(screen.getByText('TEOR')).toBeInTheDocument();
    const alerts = screen.getByRole('list', { name: 'Perturbations' });
    expect(alerts).toHaveTextContent('Travaux rue Jeanne-d’Arc');
    expect(alerts).toHaveTextContent('non desservi par la T1');
  });

  it('says when all is normal, and when the line is unknown', async () => {
    restore = fakeApi({
      'GET /transit/lines/90': { status: 200, data: lineDetail({ id: '90', short_name: 'M', long_name: 'Métro', mode: 'metro', status: 'normal', alerts: [] }) },
      'GET /transit/lines/X': problem(404, 'not_found'),
    }).restore;
    const { unmount } = renderWithProviders(page(), '/transport/lines/90');
    expect(await screen.findByText('Trafic normal')).toBeInTheDocument();
    expect(screen.getByText('Aucune perturbation signalée sur cette ligne.')).toBeInTheDocument();
    unmount();
    renderWithProviders(page(), '/transport/lines/X');
    expect(await screen.findByRole('alert')).toHaveTextContent('Cette ligne n’existe pas ou plus.');
    expect(screen.getByRole('link', { name: '← Toutes les lignes' })).toHaveAttribute('href', '/transport/lines');
  });
});
