import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { renderWithProviders } from '../../test/render';
import { weatherAlert, weatherAlerts } from './fixtures';
import { WeatherAlertsBanner } from './WeatherAlertsBanner';

describe('WeatherAlertsBanner', () => {
  afterEach(async () => {
    await i18n.changeLanguage('fr');
  });

  it('lists warnings most severe first, each with its level, phenomenon and time range', () => {
    renderWithProviders(
      <WeatherAlertsBanner
        data={weatherAlerts({
          alerts: [
            weatherAlert({ id: 'y', level: 'yellow', phenomenon: 'rain_flood', description: null }),
            weatherAlert({ id: 'r', level: 'red', phenomenon: 'thunderstorms' }),
            weatherAlert({ id: 'o', level: 'orange', phenomenon: 'wind' }),
          ],
        })}
      />,
    );
    const region = screen.getByRole('region', { name: 'Vigilances Météo-France' });
    const items = within(region).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('data-level'))).toEqual(['red', 'orange', 'yellow']);
    expect(items[0]).toHaveTextContent('Vigilance rouge · Orages');
    expect(items[1]).toHaveTextContent('Vigilance orange · Vent violent');
    expect(items[2]).toHaveTextContent('Vigilance jaune · Pluie-inondation');
    // 13:00Z and 05:00Z are 14:00 and 06:00 in Rouen in November.
    expect(items[1]).toHaveTextContent(/du mer\. 25 nov\.,? 14:00 au jeu\. 26 nov\.,? 06:00/);
    expect(items[1]).toHaveTextContent('Rafales de 100 km/h sur le littoral.');
  });

  it('speaks English too', async () => {
    await i18n.changeLanguage('en');
    renderWithProviders(<WeatherAlertsBanner data={weatherAlerts({ alerts: [weatherAlert({ level: 'red', phenomenon: 'heat_wave' })] })} />);
    expect(screen.getByRole('region', { name: 'Météo-France warnings' })).toHaveTextContent('Red warning · Heatwave');
  });

  it('says there is no warning', () => {
    renderWithProviders(<WeatherAlertsBanner data={weatherAlerts()} />);
    expect(screen.getByText('Aucune vigilance en cours pour la Seine-Maritime.')).toBeInTheDocument();
  });

  it('says warnings need the operator’s key when it is not configured', () => {
    renderWithProviders(<WeatherAlertsBanner data={weatherAlerts({ configured: false, fetched_at: null })} />);
    expect(screen.getByText(/l’exploitant du site doit configurer sa clé/)).toBeInTheDocument();
    expect(screen.queryByText(/Aucune vigilance/)).toBeNull();
  });
});
