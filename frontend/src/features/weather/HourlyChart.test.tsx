import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { hourlyForecast } from './fixtures';
import { HourlyChart } from './HourlyChart';

describe('HourlyChart', () => {
  it('is an image with a written summary, and a table of every hour', async () => {
    renderWithProviders(<HourlyChart hours={hourlyForecast().hours} />);
    const chart = screen.getByRole('img', { name: /Température et probabilité de pluie heure par heure/ });
    expect(chart).toHaveAccessibleName(/température entre 10 °C et 22 °C, probabilité de pluie jusqu’à 80 %/);
    expect(screen.getByRole('region', { name: /Graphique horaire/ })).toHaveAttribute('tabindex', '0');

    await userEvent.click(screen.getByText('Voir les données sous forme de tableau'));
    const table = screen.getByRole('table', { name: /heure par heure/ });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(49);
    expect(rows[3]).toHaveTextContent('Pluie');
    expect(rows[3]).toHaveTextContent('80 %');
    expect(rows[3]).toHaveTextContent('1,5 mm');
  });

  it('draws nothing without hours', () => {
    const { container } = renderWithProviders(<HourlyChart hours={[]} />);
    expect(container).toBeEmptyDOMElement();
  });
});
