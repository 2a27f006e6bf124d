import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { currentWeather, hourlyForecast, weatherAlert, weatherAlerts } from './fixtures';
import { WeatherWidget } from './WeatherWidget';

function routes(overrides: Record<string, { status: number; data?: unknown }> = {}) {
  return {
    'GET /weather/current': { status: 200, data: currentWeather() },
    'GET /weather/hourly': { status: 200, data: hourlyForecast() },
    'GET /weather/alerts': { status: 200, data: weatherAlerts() },
    ...overrides,
  };
}

describe('WeatherWidget', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('shows the conditions now and the next six hours', async () => {
    restore = fakeApi(routes()).restore;
    renderWithProviders(<WeatherWidget />);
    const widget = screen.getByRole('region', { name: 'Météo' });
    expect(await within(widget).findByText('8 °C')).toBeInTheDocument();
    expect(within(widget).getByText('Pluie')).toBeInTheDocument();
    expect(within(widget).getByText('Ressenti 6 °C')).toBeInTheDocument();
    expect(within(widget).getByText('Vent 14 km/h de SO')).toBeInTheDocument();
    const strip = await within(widget).findByRole('list', { name: 'Prochaines heures' });
    expect(within(strip).getAllByRole('listitem')).toHaveLength(6);
    // Each hour's emoji has a text alternative.
    expect(within(strip).getByRole('img', { name: 'Pluie' })).toBeInTheDocument();
    expect(within(strip).getAllByRole('img', { name: 'Nuageux' })).toHaveLength(5);
    expect(within(widget).getByRole('link', { name: 'Prévisions détaillées' })).toHaveAttribute('href', '/weather');
    expect(within(widget).queryByText(/non actualisées/)).toBeNull();
  });

  it('says when the data is the last good answer', async () => {
    restore = fakeApi(routes({ 'GET /weather/current': { status: 200, data: currentWeather({ stale: true }) } })).restore;
    renderWithProviders(<WeatherWidget />);
    expect(await screen.findByText(/Données non actualisées : dernière mise à jour il y a 5 minutes/)).toBeInTheDocument();
  });

  it('shows a badge for an orange or red warning, not for a yellow one', async () => {
    restore = fakeApi(
      routes({
        'GET /weather/alerts': {
          status: 200,
          data: weatherAlerts({ alerts: [weatherAlert({ id: 'a', level: 'yellow', phenomenon: 'snow_ice' }), weatherAlert({ id: 'b', level: 'orange', phenomenon: 'thunderstorms' })] }),
        },
      }),
    ).restore;
    renderWithProviders(<WeatherWidget />);
    const badge = await screen.findByRole('link', { name: /Vigilance orange : Orages/ });
    expect(badge).toHaveAttribute('href', '/weather');
    expect(badge).toHaveAttribute('data-level', 'orange');
    expect(screen.queryByText(/Neige-verglas/)).toBeNull();
  });

  it('shows no badge for yellow warnings only', async () => {
    restore = fakeApi(routes({ 'GET /weather/alerts': { status: 200, data: weatherAlerts({ alerts: [weatherAlert({ level: 'yellow' })] }) } })).restore;
    renderWithProviders(<WeatherWidget />);
    await screen.findByText('8 °C');
    expect(screen.queryByRole('link', { name: /Vigilance/ })).toBeNull();
  });

  it('says when the weather is unavailable', async () => {
    restore = fakeApi(routes({ 'GET /weather/current': problem(503, 'weather_unavailable') })).restore;
    renderWithProviders(<WeatherWidget />);
    expect(await screen.findByText('La météo est indisponible pour le moment.')).toBeInTheDocument();
  });
});
