import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, problem } from '../test/fakeApi';
import { me } from '../test/fixtures';
import { installAuthInterceptors } from './auth';
import { csrfToken, useSession } from './session';

describe('auth interceptors', () => {
  const client = axios.create({ baseURL: '/api/v1' });
  let uninstall: () => void = () => undefined;
  const signedOut = vi.fn();

  beforeEach(() => {
    useSession.setState({ status: 'signedIn', accessToken: 'old-token', user: me() });
    document.cookie = 'rs_csrf=csrf-value';
    uninstall = installAuthInterceptors(client, signedOut);
    signedOut.mockReset();
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
    expect(signedOut).toHaveBeenCalledOnce();
    fake.restore();
  });

  it('does not refresh for other errors or for auth calls', async () => {
    const fake = fakeApi({ 'GET /users/x': problem(404, 'not_found'), 'POST /auth/login': problem(401, 'invalid_credentials') }, client);
    await expect(client.get('/users/x')).rejects.toThrow();
    await expect(client.post('/auth/login', {})).rejects.toThrow();
    expect(fake.calls.map((c) => c.url)).toEqual(['/users/x', '/auth/login']);
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
