import { create } from 'zustand';
import type { Me } from './types';

/**
 * The signed-in session. The access token lives in memory only: never in storage, never in a URL. The
 * refresh token is an HttpOnly cookie the script cannot read.
 */
interface SessionState {
  /** `unknown` until the silent refresh at start-up has answered. */
  status: 'unknown' | 'signedIn' | 'signedOut';
  accessToken: string | null;
  user: Me | null;
  /**
   * Set when a refresh was refused mid-visit, until the next sign-in: the app sends the resident to the
   * sign-in page and says why.
   */
  expired: boolean;
  signIn: (accessToken: string, user: Me) => void;
  setUser: (user: Me) => void;
  signOut: () => void;
  /** Ends the session because it could not be renewed. */
  expire: () => void;
}

export const useSession = create<SessionState>()((set) => ({
  status: 'unknown',
  accessToken: null,
  user: null,
  expired: false,
  signIn: (accessToken, user) => {
    set({ status: 'signedIn', accessToken, user, expired: false });
  },
  setUser: (user) => {
    set({ user });
  },
  signOut: () => {
    set({ status: 'signedOut', accessToken: null, user: null, expired: false });
  },
  expire: () => {
    set({ status: 'signedOut', accessToken: null, user: null, expired: true });
  },
}));

/** The CSRF cookie's value (double submit: sent back in `X-CSRF-Token`). */
export function csrfToken(cookies: string = document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'rs_csrf') {
      const value = rest.join('=');
      return value === '' ? null : decodeURIComponent(value);
    }
  }
  return null;
}
