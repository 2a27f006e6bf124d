import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { event } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { UpcomingEventsWidget } from './UpcomingEventsWidget';

describe('UpcomingEventsWidget', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('lists the next five events with when and where', async () => {
    const fake = fakeApi({ 'GET /events': { status: 200, data: { items: [event(), event({ id: 'E2', title: 'Marché de Noël', venue: null })], next_cursor: 'x' } } });
    restore = fake.restore;
    renderWithProviders(<UpcomingEventsWidget />);
    const widget = screen.getByRole('region', { name: 'Prochains événements' });
    expect(await within(widget).findByRole('link', { name: 'Orelsan en concert' })).toHaveAttribute('href', '/events/01JDEVENT0000000000000001');
    expect(within(widget).getAllByText('sam. 5 déc., 20:00 – 23:00')[0]?.parentElement).toHaveTextContent('sam. 5 déc., 20:00 – 23:00 · Le 106');
    expect(within(widget).getByRole('link', { name: 'Tous les événements' })).toHaveAttribute('href', '/events');
    expect(fake.calls[0]?.params.limit).toBe(5);
  });
});
