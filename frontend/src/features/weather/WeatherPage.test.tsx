import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { currentWeather, dailyForecast, hourlyForecast, weatherAlert, weatherAlerts } from './fixtures';
import { WeatherPage } from './WeatherPage';

const routes = {
  'GET /weather/current': { status: 200, data: currentWeather({ is_day: false, condition: 'clear' as const }) },
  'GET /weather/hourly': { status: 200, data: hourlyForecast() },
  'GET /weather/forecast': { status: 200, data: dailyForecast() },
  'GET /weather/alerts': { status: 200, data: weatherAlerts({ alerts: [weatherAlert({ level: 'red' })] }) },
};

describe('WeatherPage', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('shows the warnings, the weather now, the hourly chart and seven days', async () => {
    restore = fakeApi(routes).restore;
    renderWithProviders(<WeatherPage />, '/weather');
    expect(screen.getByRole('heading', { level: 1, name: 'Météo à Rouen' })).toBeInTheDocument();
    expect(await screen.findByText('Vigilance rouge')).toBeInTheDocument();

    const now = screen.getByRole('region', { name: 'En ce moment' });
    expect(await within(now).findByText('Nuit claire')).toBeInTheDocument();
    expect(within(now).getByText('Vent 14 km/h de SO, rafales 30 km/h')).toBeInTheDocument();
    expect(within(now).getByText('Humidité 87 %')).toBeInTheDocument();

    expect(await screen.findByRole('img', { name: /heure par heure/ })).toBeInTheDocument();

    const days = screen.getByRole('region', { name: 'Prévisions sur 7 jours' });
    const items = await within(days).findAllByRole('listitem');
    expect(items).toHaveLength(7);
    expect(items[0]).toHaveTextContent('Pluie');
    expect(items[0]).toHaveTextContent('Max. 11 °C');
    expect(items[0]).toHaveTextContent('Min. 4 °C');
    expect(items[0]).toHaveTextContent('Pluie 90 % · 6,2 mm');
    expect(items[0]).toHaveTextContent('Soleil 08:10 – 17:05');
    expect(within(days).getByRole('heading', { name: /mardi 1 décembre|mardi 1er décembre/ })).toBeInTheDocument();
  });

  it('marks stale data in every section', async () => {
    restore = fakeApi({
      ...routes,
      'GET /weather/current': { status: 200, data: currentWeather({ stale: true }) },
      'GET /weather/hourly': { status: 200, data: hourlyForecast({ stale: true }) },
      'GET /weather/forecast': { status: 200, data: dailyForecast({ stale: true }) },
    }).restore;
    renderWithProviders(<WeatherPage />, '/weather');
    await screen.findByRole('img', { name: /heure par heure/ });
    expect(await screen.findAllByText(/Données non actualisées/)).toHaveLength(3);
  });

  it('says the weather is unavailable when nothing was ever fetched', async () => {
    restore = fakeApi({
      'GET /weather/current': problem(503, 'weather_unavailable'),
      'GET /weather/hourly': problem(503, 'weather_unavailable'),
      'GET /weather/forecast': problem(503, 'weather_unavailable'),
      'GET /weather/alerts': { status: 200, data: weatherAlerts({ configured: false }) },
    }).restore;
    renderWithProviders(<WeatherPage />, '/weather');
    expect(await screen.findAllByText('La météo est indisponible pour le moment.')).toHaveLength(3);
    expect(screen.getByText(/doit configurer sa clé/)).toBeInTheDocument();
  });
});
