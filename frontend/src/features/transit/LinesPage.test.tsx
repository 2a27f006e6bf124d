import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { F1, lineSummary, T1 } from '../../test/transitFixtures';
import { LinesPage } from './LinesPage';

describe('LinesPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('groups the lines by mode, the metro first, each with its status', async () => {
    restore = fakeApi({
      'GET /transit/lines': {
        status: 200,
        data: {
          lines: [
            lineSummary({ ...F1 }),
            lineSummary({ ...T1, status: 'disrupted', alerts_count: 2 }),
            lineSummary(),
            lineSummary({ id: 'BAC', short_name: 'Bac', long_name: 'Bac de Dieppedalle', mode: 'ferry', color: '#0088CC' }),
          ],
        },
      },
    }).restore;
    renderWithProviders(<LinesPage />);
    await screen.findByRole('heading', { level: 3, name: 'Métro' });
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Métro', 'TEOR', 'Bus et FAST', 'Bac']);
    expect(screen.getByText('1 ligne perturbée en ce moment.')).toBeInTheDocument();
    const teor = screen.getByRole('region', { name: 'TEOR' });
    expect(within(teor).getByRole('link', { name: 'TEOR 1' })).toHaveAttribute('href', '/transport/lines/91');
    expect(teor).toHaveTextContent('Perturbé : 2 alertes');
    expect(screen.getByRole('region', { name: 'Métro' })).toHaveTextContent('Trafic normal');
  });

  it('says when the lines cannot be had', async () => {
    restore = fakeApi({ 'GET /transit/lines': problem(503, 'service_unavailable') }).restore;
    renderWithProviders(<LinesPage />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Le service est momentanément indisponible.');
  });
});
