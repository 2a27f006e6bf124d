import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import { api } from '../api/client';

export interface FakeCall {
  method: string;
  url: string;
  /** The query string's parameters (`cursor`, `limit`, `q`...). */
  params: Record<string, unknown>;
  data: unknown;
  headers: AxiosHeaders;
}

type Reply = { status: number; data?: unknown } | ((call: FakeCall) => { status: number; data?: unknown });

/**
 * Answers the API client's requests from a table of `METHOD /path` → reply, like a server would
 * (errors as rejected AxiosErrors with the response attached), and records every call.
 */
export function fakeApi(routes: Record<string, Reply>, client: AxiosInstance = api): { calls: FakeCall[]; restore: () => void } {
  const calls: FakeCall[] = [];
  const previous = client.defaults.adapter;
  const adapter: AxiosAdapter = (config: InternalAxiosRequestConfig) => {
    const method = (config.method ?? 'get').toUpperCase();
    const url = config.url ?? '';
    const call: FakeCall = {
      method,
      url,
      params: { ...(config.params as Record<string, unknown> | undefined) },
      data: typeof config.data === 'string' ? (JSON.parse(config.data) as unknown) : config.data,
      // A copy: a retried request reuses (and changes) the same headers object.
      headers: AxiosHeaders.from(config.headers.toJSON()),
    };
    calls.push(call);
    const route = routes[`${method} ${url}`];
    const reply = typeof route === 'function' ? route(call) : (route ?? { status: 404, data: { code: 'route_not_found', status: 404, title: 'No route' } });
    const response = { data: reply.data, status: reply.status, statusText: String(reply.status), headers: {}, config };
    if (reply.status >= 200 && reply.status < 300) {
      return Promise.resolve(response);
    }
    return Promise.reject(new AxiosError(`status ${String(reply.status)}`, 'ERR_BAD_RESPONSE', config, null, response));
  };
  client.defaults.adapter = adapter;
  return {
    calls,
    restore: () => {
      client.defaults.adapter = previous;
    },
  };
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}) {
  return { status, data: { type: `https://rouen.social/problems/${code}`, title: code, status, code, ...extra } };
}
