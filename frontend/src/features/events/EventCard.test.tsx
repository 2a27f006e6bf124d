import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { event } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { EventCard } from './EventCard';

describe('EventCard', () => {
  it('shows what, when (Rouen time), where, the category and the counts, with a link to the event', () => {
    renderWithProviders(<EventCard event={event()} />);
    const card = screen.getByRole('article', { name: 'Orelsan en concert' });
    expect(within(card).getByRole('link', { name: 'Orelsan en concert' })).toHaveAttribute('href', '/events/01JDEVENT0000000000000001');
    expect(within(card).getByText('sam. 5 déc., 20:00 – 23:00')).toBeInTheDocument();
    expect(within(card).getByText('Le 106')).toBeInTheDocument();
    expect(within(card).getByText('Concerts')).toBeInTheDocument();
    expect(within(card).getByText('3 y vont · 7 intéressé·e·s')).toBeInTheDocument();
    expect(within(card).queryByText('Gratuit')).toBeNull();
    expect(within(card).queryByText('Annulé')).toBeNull();
  });

  it('shows an all-day event over several days as a date range, and the free badge', () => {
    renderWithProviders(
      <EventCard
        event={event({ title: 'Marché de Noël', category: 'markets', all_day: true, starts_at: '2026-11-30T23:00:00Z', ends_at: '2027-01-04T23:00:00Z', price: { kind: 'free' } })}
      />,
    );
    expect(screen.getByText('du 1 déc. au 4 janv.')).toBeInTheDocument();
    expect(screen.getByText('Gratuit')).toBeInTheDocument();
    expect(screen.getByText('Marchés')).toBeInTheDocument();
  });

  it('says all day for a one-day all-day event', () => {
    renderWithProviders(<EventCard event={event({ all_day: true, starts_at: '2026-12-05T23:00:00Z', ends_at: '2026-12-06T23:00:00Z' })} />);
    expect(screen.getByText('dim. 6 déc., toute la journée')).toBeInTheDocument();
  });

  it('marks a cancelled event', () => {
    renderWithProviders(<EventCard event={event({ status: 'cancelled' })} />);
    expect(within(screen.getByRole('list', { name: 'Caractéristiques' })).getByText('Annulé')).toBeInTheDocument();
  });

  it('shows the picture as decoration and drops it if it does not load', () => {
    const { container } = renderWithProviders(<EventCard event={event({ image: 'https://example.fr/orelsan.jpg' })} />);
    const img = container.querySelector('img');
    expect(img).toHaveAttribute('alt', '');
    if (img) fireEvent.error(img);
    expect(container.querySelector('img')).toBeNull();
  });

  it('speaks English when asked', async () => {
    const { default: i18n } = await import('../../i18n');
    await i18n.changeLanguage('en');
    try {
      renderWithProviders(<EventCard event={event({ all_day: true, starts_at: '2026-11-30T23:00:00Z', ends_at: '2027-01-04T23:00:00Z', price: { kind: 'free' } })} />);
      expect(screen.getByText('Free')).toBeInTheDocument();
      expect(screen.getByText(/Dec.*–.*Jan/)).toBeInTheDocument();
    } finally {
      await i18n.changeLanguage('fr');
    }
  });
});
