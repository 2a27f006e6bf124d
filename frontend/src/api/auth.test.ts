import axios, { AxiosError, AxiosHeaders } from 'axios';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, problem } from '../test/fakeApi';
import { me } from '../test/fixtures';
import { installAuthInterceptors, refreshRefused, restoreSession } from './auth';
import { csrfToken, useSession } from './session';

describe('auth interceptors', () => {
  const client = axios.create({ baseURL: '/api/v1' });
  let uninstall: () => void = () => undefined;

  beforeEach(() => {
    useSession.setState({ status: 'signedIn', accessToken: 'old-token', user: me() });
    document.cookie = 'rs_csrf=csrf-value';
    uninstall = installAuthInterceptors(client);
  });

  afterEach(() => {
    uninstall();
    document.cookie = 'rs_csrf=; max-age=0';
  });

  it('sends the access token and, on 401, refreshes once and retries', async () => {
    const fake = fakeApi(
      {
        'GET /users/me': (call) =>
          call.headers.get('Authorization') === 'Bearer new-token' ? { status: 200, data: { ok: true } } : problem(401, 'invalid_access_token'),
        'POST /auth/refresh': { status: 200, data: { access_token: 'new-token', token_type: 'Bearer', expires_in: 900, user: me() } },
      },
      client,
    );
    const response = await client.get('/users/me');
    expect(response.data).toEqual({ ok: true });
    expect(fake.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /users/me', 'POST /auth/refresh', 'GET /users/me']);
    expect(fake.calls[0]?.headers.get('Authorization')).toBe('Bearer old-token');
    expect(fake.calls[1]?.headers.get('X-CSRF-Token')).toBe('csrf-value');
    expect(useSession.getState().accessToken).toBe('new-token');
    fake.restore();
  });

  it('shares one refresh between concurrent failures', async () => {
    const fake = fakeApi(
      {
        'GET /a': (call) => (call.headers.get('Authorization') === 'Bearer new-token' ? { status: 200, data: 'a' } : problem(401, 'invalid_access_token')),
        'GET /b': (call) => (call.headers.get('Authorization') === 'Bearer new-token' ? { status: 200, data: 'b' } : problem(401, 'invalid_access_token')),
        'POST /auth/refresh': { status: 200, data: { access_token: 'new-token', token_type: 'Bearer', expires_in: 900, user: me() } },
      },
      client,
    );
    const [a, b] = await Promise.all([client.get('/a'), client.get('/b')]);
    expect([a.data, b.data]).toEqual(['a', 'b']);
    expect(fake.calls.filter((c) => c.url === '/auth/refresh')).toHaveLength(1);
    fake.restore();
  });

  it('ends the session when the refresh is refused, without looping', async () => {
    const fake = fakeApi(
      {
        'GET /users/me': problem(401, 'invalid_access_token'),
        'POST /auth/refresh': problem(401, 'invalid_refresh_token'),
      },
      client,
    );
    await expect(client.get('/users/me')).rejects.toThrow();
    expect(fake.calls).toHaveLength(2);
    expect(useSession.getState().status).toBe('signedOut');
    expect(useSession.getState().accessToken).toBeNull();
    expect(useSession.getState().expired).toBe(true);
    fake.restore();
  });

  it('does not refresh for other errors or for auth calls', async () => {
    const fake = fakeApi({ 'GET /users/x': problem(404, 'not_found'), 'POST /auth/login': problem(401, 'invalid_credentials') }, client);
    await expect(client.get('/users/x')).rejects.toThrow();
    await expect(client.post('/auth/login', {})).rejects.toThrow();
    expect(fake.calls.map((c) => c.url)).toEqual(['/users/x', '/auth/login']);
    fake.restore();
  });

  it('lets a visitor’s 401 through without trying to refresh', async () => {
    document.cookie = 'rs_csrf=; max-age=0';
    useSession.setState({ status: 'signedOut', accessToken: null, user: null });
    const fake = fakeApi({ 'GET /users/me': problem(401, 'unauthorized') }, client);
    await expect(client.get('/users/me')).rejects.toThrow();
    expect(fake.calls.map((c) => c.url)).toEqual(['/users/me']);
    expect(useSession.getState().expired).toBe(false);
    fake.restore();
  });

  it('keeps the session when the refresh could not reach the server', async () => {
    const fake = fakeApi(
      {
        'GET /users/me': problem(401, 'invalid_access_token'),
        'POST /auth/refresh': { status: 503, data: { code: 'service_unavailable', status: 503, title: 'Unavailable' } },
      },
      client,
    );
    await expect(client.get('/users/me')).rejects.toThrow();
    expect(useSession.getState().status).toBe('signedIn');
    expect(useSession.getState().expired).toBe(false);
    fake.restore();
  });

  it('keeps the session when the refresh got no answer at all, or was only throttled', async () => {
    const offline = new AxiosError('Network Error', 'ERR_NETWORK');
    for (const refreshReply of [offline, problem(429, 'rate_limited', { retry_after_secs: 30 })]) {
      const fake = fakeApi({ 'GET /users/me': problem(401, 'invalid_access_token') }, client);
      const adapter = client.defaults.adapter;
      client.defaults.adapter = async (config) => {
        if (config.url === '/auth/refresh') {
          if (refreshReply instanceof AxiosError) throw refreshReply;
          throw new AxiosError('refused', 'ERR_BAD_REQUEST', config, null, { ...refreshReply, statusText: '', headers: {}, config });
        }
        if (typeof adapter !== 'function') throw new Error('no adapter');
        return adapter(config);
      };
      await expect(client.get('/users/me')).rejects.toThrow();
      expect(useSession.getState()).toMatchObject({ status: 'signedIn', accessToken: 'old-token' });
      expect(useSession.getState().expired).toBe(false);
      fake.restore();
    }
  });

  it('ends the session when the refresh is refused for its CSRF token too', async () => {
    const fake = fakeApi({ 'GET /users/me': problem(401, 'invalid_access_token'), 'POST /auth/refresh': problem(403, 'csrf_failed') }, client);
    await expect(client.get('/users/me')).rejects.toThrow();
    expect(useSession.getState().status).toBe('signedOut');
    expect(useSession.getState().expired).toBe(true);
    fake.restore();
  });

  it('retries only once: a second 401 after refreshing is final', async () => {
    const fake = fakeApi(
      {
        'GET /users/me': problem(401, 'invalid_access_token'),
        'POST /auth/refresh': { status: 200, data: { access_token: 'new-token', token_type: 'Bearer', expires_in: 900, user: me() } },
      },
      client,
    );
    await expect(client.get('/users/me')).rejects.toThrow();
    expect(fake.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /users/me', 'POST /auth/refresh', 'GET /users/me']);
    fake.restore();
  });

  it('shares the start-up refresh with calls that fail while it runs', async () => {
    useSession.setState({ status: 'unknown', accessToken: null, user: null });
    let answer: () => void = () => undefined;
    const fake = fakeApi(
      {
        'GET /users/me': (call) => (call.headers.get('Authorization') === 'Bearer new-token' ? { status: 200, data: 'me' } : problem(401, 'unauthorized')),
        'POST /auth/refresh': { status: 200, data: { access_token: 'new-token', token_type: 'Bearer', expires_in: 900, user: me() } },
      },
      client,
    );
    // Hold the refresh until the other call has failed.
    const adapter = client.defaults.adapter;
    client.defaults.adapter = async (config) => {
      if (config.url === '/auth/refresh') {
        await new Promise<void>((resolve) => {
          answer = resolve;
        });
      }
      if (typeof adapter !== 'function') throw new Error('no adapter');
      return adapter(config);
    };
    const restoring = restoreSession(client);
    const call = client.get('/users/me');
    await vi.waitFor(() => {
      expect(fake.calls.map((c) => c.url)).toContain('/users/me');
    });
    answer();
    await restoring;
    expect((await call).data).toBe('me');
    expect(fake.calls.filter((c) => c.url === '/auth/refresh')).toHaveLength(1);
    expect(useSession.getState().status).toBe('signedIn');
    fake.restore();
  });
});

describe('refreshRefused', () => {
  const answer = (status: number) => new AxiosError('x', 'ERR_BAD_RESPONSE', undefined, null, { status, statusText: '', data: null, headers: {}, config: { headers: new AxiosHeaders() } });

  it('ends the session only on a definite refusal', () => {
    expect([400, 401, 403, 404].map((s) => refreshRefused(answer(s)))).toEqual([true, true, true, true]);
    expect([408, 429, 500, 502, 503].map((s) => refreshRefused(answer(s)))).toEqual([false, false, false, false, false]);
    expect(refreshRefused(new AxiosError('Network Error', 'ERR_NETWORK'))).toBe(false);
    expect(refreshRefused(new TypeError('cannot read access_token'))).toBe(true);
  });
});

describe('restoreSession', () => {
  const client = axios.create({ baseURL: '/api/v1' });

  afterEach(() => {
    document.cookie = 'rs_csrf=; max-age=0';
  });

  it('signs out at once when there is no CSRF cookie (nobody signed in on this browser)', async () => {
    const fake = fakeApi({}, client);
    await restoreSession(client);
    expect(fake.calls).toHaveLength(0);
    expect(useSession.getState().status).toBe('signedOut');
    fake.restore();
  });

  it('restores the session from the refresh cookie, sending the CSRF header', async () => {
    document.cookie = 'rs_csrf=abc';
    const fake = fakeApi(
      { 'POST /auth/refresh': { status: 200, data: { access_token: 'tok', token_type: 'Bearer', expires_in: 900, user: me() } } },
      client,
    );
    await restoreSession(client);
    expect(fake.calls[0]?.headers.get('X-CSRF-Token')).toBe('abc');
    expect(useSession.getState()).toMatchObject({ status: 'signedIn', accessToken: 'tok' });
    fake.restore();
  });

  it('ends up signed out when the cookie no longer works', async () => {
    document.cookie = 'rs_csrf=abc';
    const fake = fakeApi({ 'POST /auth/refresh': problem(401, 'invalid_refresh_token') }, client);
    await restoreSession(client);
    expect(useSession.getState().status).toBe('signedOut');
    fake.restore();
  });
});

describe('csrfToken', () => {
  it('reads the rs_csrf cookie among others', () => {
    expect(csrfToken('a=1; rs_csrf=abc%3D; b=2')).toBe('abc=');
    expect(csrfToken('a=1')).toBeNull();
    expect(csrfToken('rs_csrf=')).toBeNull();
  });
});
