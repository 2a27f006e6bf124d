import { isAxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import { api } from './client';
import { csrfToken, useSession } from './session';
import type { Language, Session } from './types';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Set on the refresh call itself: a 401 there ends the session rather than refreshing again. */
    skipAuthRefresh?: boolean;
  }
}

type RetriableConfig = InternalAxiosRequestConfig & { _retried?: boolean };

/** The refresh under way for each client: every caller that needs one waits for the same. */
const refreshes = new WeakMap<AxiosInstance, Promise<Session>>();

/** Exchanges the refresh cookie for a new session. */
export async function refreshSession(client: AxiosInstance = api): Promise<Session> {
  const response = await client.post<Session>('/auth/refresh', undefined, {
    headers: { 'X-CSRF-Token': csrfToken() ?? '' },
    withCredentials: true,
    skipAuthRefresh: true,
  });
  useSession.getState().signIn(response.data.access_token, response.data.user);
  return response.data;
}

/**
 * One refresh at a time per client: concurrent 401s, and the silent refresh at start-up, share it.
 * Two refreshes in parallel would present the same refresh token twice.
 */
export function refreshOnce(client: AxiosInstance = api): Promise<Session> {
  let pending = refreshes.get(client);
  if (!pending) {
    pending = refreshSession(client).finally(() => {
      refreshes.delete(client);
    });
    refreshes.set(client, pending);
  }
  return pending;
}

/**
 * Whether a failed refresh means the session is over. Only a definite answer ends it: the server
 * looked at the refresh cookie and refused it (401 `invalid_refresh_token`, 403 `csrf_failed`, any
 * other 4xx). A failure that says nothing about the session (no answer at all, a 5xx, 408 or 429)
 * keeps it: signing the resident out because the network blinked would lose what they were typing,
 * and the next call simply tries the refresh again. Anything that is not an HTTP failure is a bug in
 * the exchange itself; ending the session is then the safe way out.
 */
export function refreshRefused(error: unknown): boolean {
  if (!isAxiosError(error)) return true;
  const status = error.response?.status;
  if (status === undefined) return false;
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Adds the access token to every call and, when one is refused with 401, refreshes the session once
 * (concurrent failures share that one refresh) and retries the call once. When the refresh is refused
 * the session ends as `expired` (<SessionExpiry> then sends the resident to the sign-in page); when it
 * merely failed (see `refreshRefused`) the session stays and the call fails as it would offline.
 * Calls to `/auth/*` never trigger a refresh: their 401 is an answer (wrong password...).
 */
export function installAuthInterceptors(client: AxiosInstance): () => void {
  const request = client.interceptors.request.use((config) => {
    const token = useSession.getState().accessToken;
    if (token && !config.headers.has('Authorization')) {
      config.headers.set('Authorization', `Bearer ${token}`);
    }
    return config;
  });

  const response = client.interceptors.response.use(undefined, async (error: unknown) => {
    if (!isAxiosError(error) || error.response?.status !== 401 || !error.config) {
      throw error;
    }
    const config: RetriableConfig = error.config;
    const isAuthCall = /^\/?auth\//.test(config.url ?? '');
    // Without the CSRF cookie there is no refresh cookie either: a visitor's 401 is just an answer.
    if (config._retried || config.skipAuthRefresh || isAuthCall || !csrfToken()) {
      throw error;
    }
    config._retried = true;
    let session: Session;
    try {
      session = await refreshOnce(client);
    } catch (refreshError) {
      if (refreshRefused(refreshError)) {
        // One store update: a resident who was signed in is marked `expired` in the same change that
        // signs them out, so that no render sees them signed out without knowing why (see SessionExpiry).
        const session = useSession.getState();
        if (session.status === 'signedIn') session.expire();
        else session.signOut();
      }
      throw refreshError;
    }
    config.headers.set('Authorization', `Bearer ${session.access_token}`);
    return client.request(config);
  });

  return () => {
    client.interceptors.request.eject(request);
    client.interceptors.response.eject(response);
  };
}

/** At start-up: restore the session from the refresh cookie if there is one. */
export async function restoreSession(client: AxiosInstance = api): Promise<void> {
  if (!csrfToken()) {
    useSession.getState().signOut();
    return;
  }
  try {
    await refreshOnce(client);
  } catch {
    useSession.getState().signOut();
  }
}

export interface RegisterInput {
  email: string;
  username: string;
  password: string;
  display_name?: string;
  language: Language;
  accept_terms: boolean;
}

export async function register(input: RegisterInput): Promise<void> {
  await api.post('/auth/register', input);
}

export async function login(loginName: string, password: string): Promise<Session> {
  const response = await api.post<Session>(
    '/auth/login',
    { login: loginName, password },
    { withCredentials: true },
  );
  useSession.getState().signIn(response.data.access_token, response.data.user);
  return response.data;
}

export async function logout(): Promise<void> {
  try {
    await api.post('/auth/logout', undefined, {
      headers: { 'X-CSRF-Token': csrfToken() ?? '' },
      withCredentials: true,
    });
  } finally {
    useSession.getState().signOut();
  }
}

export async function verifyEmail(token: string): Promise<void> {
  await api.post('/auth/verify-email', { token });
}

export async function resendVerification(email: string): Promise<void> {
  await api.post('/auth/verify-email/resend', { email });
}

export async function forgotPassword(email: string): Promise<void> {
  await api.post('/auth/forgot-password', { email });
}

export async function resetPassword(token: string, password: string): Promise<void> {
  await api.post('/auth/reset-password', { token, password });
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await api.post('/auth/change-password', {
    current_password: currentPassword,
    new_password: newPassword,
  });
}
