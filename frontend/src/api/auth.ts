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
 * Adds the access token to every call and, when one is refused with 401, refreshes the session once
 * (concurrent failures share that one refresh) and retries the call once. When refreshing fails the
 * session ends and `onSignedOut` runs (the app sends the resident to the sign-in page).
 */
export function installAuthInterceptors(client: AxiosInstance, onSignedOut: () => void): () => void {
  let inFlight: Promise<Session> | null = null;

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
    const isAuthCall = (config.url ?? '').startsWith('/auth/');
    if (config._retried || config.skipAuthRefresh || isAuthCall) {
      throw error;
    }
    config._retried = true;
    inFlight ??= refreshSession(client).finally(() => {
      inFlight = null;
    });
    try {
      const session = await inFlight;
      config.headers.set('Authorization', `Bearer ${session.access_token}`);
      return await client.request(config);
    } catch (refreshError) {
      if (!isAxiosError(refreshError) || refreshError.config?.url === '/auth/refresh') {
        useSession.getState().signOut();
        onSignedOut();
      }
      throw refreshError;
    }
  });

  return () => {
    client.interceptors.request.eject(request);
    client.interceptors.response.eject(response);
  };
}

/** At start-up: restore the session from the refresh cookie if there is one. */
export async function restoreSession(): Promise<void> {
  if (!csrfToken()) {
    useSession.getState().signOut();
    return;
  }
  try {
    await refreshSession();
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
