import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { journey } from '../../test/transitFixtures';
import { JourneyList } from './JourneyList';

describe('JourneyList', () => {
  it('numbers the journeys and sums each up: duration in hours, transfers, walking in km', () => {
    render(<JourneyList journeys={[journey({ duration_s: 3900, transfers: 2, walking_m: 1250 })]} />);
    const list = screen.getByRole('list', { name: 'Itinéraires' });
    const card = within(list).getByRole('article', { name: 'Itinéraire 1 : 12:30 → 12:52' });
    expect(card).toHaveTextContent('Durée : 1 h 05');
    expect(card).toHaveTextContent('2 correspondances');
    expect(card).toHaveTextContent('Marche : 1,3 km');
    expect(within(card).getByRole('list', { name: 'Étapes' }).children).toHaveLength(3);
  });
});
