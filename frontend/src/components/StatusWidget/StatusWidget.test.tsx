import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as client from '../../api/client';
import { renderWithProviders } from '../../test/render';
import { StatusWidget } from './StatusWidget';
import { AxiosError } from 'axios';

const build: client.BuildInfo = {
  name: 'rouen-social',
  version: '0.1.0',
  git_sha: 'abc1234def56',
  built_at: '2026-11-25T10:00:00Z',
  runtime: 'local',
};

function health(status: 'ok' | 'degraded'): client.Health {
  return {
    status,
    time: '2026-11-25T10:00:00Z',
    last_heartbeat: null,
    checks: [
      { name: 'item_store', status: 'ok', latency_ms: 2 },
      { name: 'search_index', status: status === 'ok' ? 'ok' : 'error', latency_ms: 5 },
      { name: 'future_engine', status: 'ok', latency_ms: 1 },
    ],
  };
}

describe('StatusWidget', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('shows an operational platform, its checks and its build', async () => {
    vi.spyOn(client, 'fetchHealth').mockResolvedValue(health('ok'));
    vi.spyOn(client, 'fetchBuildInfo').mockResolvedValue(build);
    renderWithProviders(<StatusWidget />);
    expect(await screen.findByText('État : opérationnelle')).toBeInTheDocument();
    expect(screen.getByText('Base de données')).toBeInTheDocument();
    expect(screen.getByText('future_engine')).toBeInTheDocument();
    expect(await screen.findByTestId('build-version')).toHaveTextContent('0.1.0');
    expect(screen.getByTestId('build-sha')).toHaveTextContent('abc1234def56');
    expect(screen.getByText(/Vérifié le 25 nov\. 2026/)).toBeInTheDocument();
  });

  it('shows a degraded platform (a 503 answer) as degraded, in words', async () => {
    vi.spyOn(client, 'fetchHealth').mockResolvedValue(health('degraded'));
    vi.spyOn(client, 'fetchBuildInfo').mockResolvedValue(build);
    renderWithProviders(<StatusWidget />);
    expect(await screen.findByText('État : dégradée')).toBeInTheDocument();
    expect(screen.getByText('en panne')).toBeInTheDocument();
  });

  it('says when the platform cannot be reached', async () => {
    vi.spyOn(client, 'fetchHealth').mockRejectedValue(new AxiosError('Network Error', 'ERR_NETWORK'));
    vi.spyOn(client, 'fetchBuildInfo').mockRejectedValue(new AxiosError('Network Error', 'ERR_NETWORK'));
    renderWithProviders(<StatusWidget />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Impossible de joindre la plateforme.');
    expect(screen.getByRole('alert')).toHaveTextContent('Code : network_error');
  });
});
