import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { transitAlert } from '../../test/transitFixtures';
import { AlertList } from './AlertList';

describe('AlertList', () => {
  it('lists alerts with their description and period, open-ended or not', () => {
    render(
      <AlertList
        alerts={[
          transitAlert(),
          transitAlert({ id: 'A2', header: 'Ascenseur en panne', description: null, starts_at: '2026-11-24T08:00:00Z', ends_at: null }),
          transitAlert({ id: 'A3', header: 'Déviation', description: null, starts_at: null, ends_at: '2026-11-30T18:00:00Z' }),
        ]}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(screen.getByRole('list', { name: 'Perturbations' })).toBeInTheDocument();
    expect(items[0]).toHaveTextContent('Travaux rue Jeanne-d’Arc');
    expect(items[0]).toHaveTextContent('non desservi');
    expect(items[1]).toHaveTextContent('Depuis le 24 nov. 2026, 09:00');
    expect(items[2]).toHaveTextContent('Jusqu’au 30 nov. 2026, 19:00');
  });

  it('renders nothing without alerts', () => {
    const { container } = render(<AlertList alerts={[]} />);
    expect(container).toBeEmptyDOMElement();
  });
});
