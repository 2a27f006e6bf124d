import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/render';
import { CalendarFeed } from './CalendarFeed';

const URL_ = 'https://rouen.social/api/v1/calendar/s3cr3t.ics';

describe('CalendarFeed', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('creates the feed, shows its address and copies it', async () => {
    const fake = fakeApi({ 'POST /users/me/calendar-feed': { status: 200, data: { url: URL_ } } });
    restore = fake.restore;
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    renderWithProviders(<CalendarFeed />);
    await user.click(screen.getByRole('button', { name: 'S’abonner à mon agenda' }));
    expect(await screen.findByLabelText('Adresse de votre agenda')).toHaveValue(URL_);
    expect(fake.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /users/me/calendar-feed']);
    await user.click(screen.getByRole('button', { name: 'Copier le lien' }));
    expect(writeText).toHaveBeenCalledWith(URL_);
    expect(await screen.findByText('Lien copié.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Créer une nouvelle adresse' })).toBeInTheDocument();
  });
});
