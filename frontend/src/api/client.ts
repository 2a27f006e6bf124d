import axios from 'axios';

/** The API client: same origin, JSON, the `/api/v1` base. */
export const api = axios.create({
  baseURL: '/api/v1',
  timeout: 15_000,
  headers: { Accept: 'application/json' },
});

export interface HealthCheck {
  name: string;
  status: 'ok' | 'error';
  latency_ms: number;
  detail?: string;
}

export interface Health {
  status: 'ok' | 'degraded';
  time: string;
  checks: HealthCheck[];
  last_heartbeat: string | null;
}

export interface BuildInfo {
  name: string;
  version: string;
  git_sha: string;
  built_at: string;
  runtime: 'local' | 'aws';
}

/** A degraded platform answers 503 with the same body: that is an answer, not a failure. */
export async function fetchHealth(): Promise<Health> {
  const response = await api.get<Health>('/health', {
    validateStatus: (status) => status === 200 || status === 503,
  });
  return response.data;
}

export async function fetchBuildInfo(): Promise<BuildInfo> {
  const response = await api.get<BuildInfo>('/build-info');
  return response.data;
}
