import { useQuery } from '@tanstack/react-query';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installAuthInterceptors } from '../../api/auth';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { fakeApi, problem } from '../../test/fakeApi';
import { me } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { RequireAuth } from './RequireAuth';
import { SessionExpiry } from './SessionExpiry';

function Where() {
  const location = useLocation();
  return <p data-testid="where">{`${location.pathname}${location.search}`}</p>;
}

/** A protected page that calls the API as soon as it shows. */
function Notifications() {
  const query = useQuery({ queryKey: ['n'], queryFn: async () => (await api.get<string>('/notifications')).data });
  return <p>{query.data ?? 'loading'}</p>;
}

function app() {
  return (
    <>
      <SessionExpiry />
      <Routes>
        <Route path="/login" element={<Where />} />
        <Route path="/profile/:name" element={<p>public profile</p>} />
        <Route element={<RequireAuth />}>
          <Route path="/settings" element={<p>settings page</p>} />
          <Route path="/notifications" element={<Notifications />} />
        </Route>
      </Routes>
    </>
  );
}

describe('RequireAuth', () => {
  it('waits for the silent refresh before deciding', () => {
    renderWithProviders(app(), '/settings?tab=privacy');
    expect(screen.getByRole('status')).toHaveTextContent('Connexion en cours…');
    act(() => {
      useSession.getState().signIn('tok', me());
    });
    expect(screen.getByText('settings page')).toBeInTheDocument();
  });

  it('sends a visitor to the sign-in page, remembering where they were going', () => {
    useSession.setState({ status: 'signedOut' });
    renderWithProviders(app(), '/settings?tab=privacy');
    expect(screen.getByTestId('where')).toHaveTextContent('/login?next=%2Fsettings%3Ftab%3Dprivacy');
  });
});

describe('SessionExpiry', () => {
  it('sends the resident to the sign-in page when their session could not be renewed, even from a public page', () => {
    useSession.getState().signIn('tok', me());
    renderWithProviders(app(), '/profile/paul');
    expect(screen.getByText('public profile')).toBeInTheDocument();
    act(() => {
      useSession.getState().expire();
    });
    expect(screen.getByTestId('where')).toHaveTextContent('/login?expired=1&next=%2Fprofile%2Fpaul');
    expect(useSession.getState()).toMatchObject({ status: 'signedOut', accessToken: null, expired: true });
  });

  it('sends them there once: afterwards they may browse public pages', async () => {
    useSession.getState().signIn('tok', me());
    const user = userEvent.setup();
    renderWithProviders(
      <>
        {app()}
        <Link to="/profile/lea">Léa</Link>
      </>,
      '/profile/paul',
    );
    act(() => {
      useSession.getState().expire();
    });
    expect(screen.getByTestId('where')).toHaveTextContent('/login?expired=1');
    await user.click(screen.getByRole('link', { name: 'Léa' }));
    expect(screen.getByText('public profile')).toBeInTheDocument();
  });

  it('is forgotten at the next sign-in, and by signing out', () => {
    useSession.getState().expire();
    useSession.getState().signIn('tok', me());
    expect(useSession.getState().expired).toBe(false);
    useSession.getState().expire();
    useSession.getState().signOut();
    expect(useSession.getState().expired).toBe(false);
  });
});

describe('a refused refresh, from the API call to the sign-in page', () => {
  let undo: () => void = () => undefined;
  afterEach(() => {
    undo();
    document.cookie = 'rs_csrf=; max-age=0';
  });

  function wire(refresh: { status: number; data?: unknown }) {
    document.cookie = 'rs_csrf=c1';
    useSession.getState().signIn('old-token', me());
    const uninstall = installAuthInterceptors(api);
    const fake = fakeApi({ 'GET /notifications': problem(401, 'invalid_access_token'), 'POST /auth/refresh': refresh });
    undo = () => {
      fake.restore();
      uninstall();
    };
    return fake;
  }

  it('a 401 from the refresh signs out and says why on the sign-in page, coming back here after', async () => {
    wire(problem(401, 'invalid_refresh_token'));
    renderWithProviders(app(), '/notifications');
    expect(await screen.findByTestId('where')).toHaveTextContent('/login?expired=1&next=%2Fnotifications');
    expect(useSession.getState()).toMatchObject({ status: 'signedOut', accessToken: null, user: null });
  });

  it('a 503 from the refresh keeps the resident on the page, still signed in', async () => {
    const fake = wire(problem(503, 'service_unavailable'));
    renderWithProviders(app(), '/notifications');
    await vi.waitFor(() => {
      expect(fake.calls.map((c) => c.url)).toContain('/auth/refresh');
    });
    expect(screen.queryByTestId('where')).not.toBeInTheDocument();
    expect(useSession.getState()).toMatchObject({ status: 'signedIn', accessToken: 'old-token' });
  });
});
