import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { trafficSummary } from './fixtures';
import { TrafficWidget } from './TrafficWidget';

describe('TrafficWidget', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('shows the level, the counts and the main incidents', async () => {
    restore = fakeApi({ 'GET /traffic/current': { status: 200, data: trafficSummary() } }).restore;
    renderWithProviders(<TrafficWidget />);
    const widget = screen.getByRole('region', { name: 'Trafic' });
    expect(await within(widget).findByText('Trafic : Chargé')).toBeInTheDocument();
    expect(within(widget).getByText('4 incidents · 2 chantiers · 1 signalement d’habitant')).toBeInTheDocument();
    expect(within(widget).getByText('2 lignes de transport perturbées')).toBeInTheDocument();
    const top = within(widget).getByRole('list', { name: 'Principaux incidents' });
    expect(within(top).getAllByRole('listitem')).toHaveLength(2);
    expect(within(top).getByRole('link', { name: 'Accrochage au rond-point Saint-Paul' })).toHaveAttribute('href', '/traffic#incident-INC2');
    expect(within(top).getByText('Accident')).toBeInTheDocument();
    expect(within(widget).getByRole('link', { name: 'Tout le trafic' })).toHaveAttribute('href', '/traffic');
  });

  it('says when traffic is unavailable', async () => {
    restore = fakeApi({ 'GET /traffic/current': problem(503, 'service_unavailable') }).restore;
    renderWithProviders(<TrafficWidget />);
    expect(await screen.findByText('L’état du trafic est indisponible pour le moment.')).toBeInTheDocument();
  });
});
