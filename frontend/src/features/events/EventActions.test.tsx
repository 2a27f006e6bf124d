import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { useSession } from '../../api/session';
import { fakeApi } from '../../test/fakeApi';
import { event, me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { EventActions } from './EventActions';

function Login() {
  const location = useLocation();
  return <p>connexion {location.search}</p>;
}

describe('EventActions', () => {
  let restore: () => void = () => undefined;
  afterEach(() => {
    restore();
  });

  it('sends visitors to the sign-in page, to come back to the event', async () => {
    useSession.getState().signOut();
    const fake = fakeApi({});
    restore = fake.restore;
    renderWithProviders(
      <Routes>
        <Route path="/events/:id" element={<EventActions event={event()} />} />
        <Route path="/login" element={<Login />} />
      </Routes>,
      '/events/01JDEVENT0000000000000001',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Intéressé·e' }));
    expect(await screen.findByText(`connexion ?next=${encodeURIComponent('/events/01JDEVENT0000000000000001')}`)).toBeInTheDocument();
    expect(fake.calls).toHaveLength(0);
  });

  it('stars the event for residents', async () => {
    useSession.getState().signIn('tok', me());
    const fake = fakeApi({ 'PUT /events/01JDEVENT0000000000000001/favourite': { status: 200, data: { favourite: true } } });
    restore = fake.restore;
    renderWithProviders(<EventActions event={event()} />);
    const star = screen.getByRole('button', { name: 'Favori' });
    expect(star).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(star);
    await waitFor(() => {
      expect(fake.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['PUT /events/01JDEVENT0000000000000001/favourite']);
    });
  });
});
