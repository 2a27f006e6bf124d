import { isAxiosError } from 'axios';

/** An RFC 9457 problem document, as every API error is. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  request_id?: string;
  errors?: { field: string; code: string; message: string }[];
  /** For `rate_limited` and `account_locked`. */
  retry_after_secs?: number;
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.status === 'number' && typeof v.title === 'string';
}

/** Whatever failed, a problem the UI can show: the server's own, or one describing the failure. */
export function toProblem(error: unknown): Problem {
  if (isAxiosError(error)) {
    const data: unknown = error.response?.data;
    if (isProblem(data)) return data;
    if (error.response) {
      return {
        type: 'about:blank',
        title: error.response.statusText || 'HTTP error',
        status: error.response.status,
        code: `http_${String(error.response.status)}`,
      };
    }
    return { type: 'about:blank', title: 'Network error', status: 0, code: 'network_error' };
  }
  return { type: 'about:blank', title: 'Unexpected error', status: 0, code: 'unexpected_error' };
}
