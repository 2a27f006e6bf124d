import { AxiosError, AxiosHeaders } from 'axios';
import { describe, expect, it } from 'vitest';
import { toProblem } from './problem';

function axiosError(status: number | undefined, data?: unknown): AxiosError {
  const config = { headers: new AxiosHeaders() };
  const response =
    status === undefined
      ? undefined
      : { status, statusText: 'Status', data, headers: {}, config };
  return new AxiosError('failed', 'ERR', config, undefined, response);
}

describe('toProblem', () => {
  it('keeps the server problem document', () => {
    const problem = {
      type: 'https://rouen.social/problems/validation_failed',
      title: 'Invalid input',
      status: 422,
      code: 'validation_failed',
      request_id: 'r1',
      errors: [{ field: 'body.page', code: 'invalid_format', message: 'bad' }],
    };
    expect(toProblem(axiosError(422, problem))).toEqual(problem);
  });

  it('describes a non-problem HTTP error by its status', () => {
    expect(toProblem(axiosError(502, '<html>Bad gateway</html>'))).toMatchObject({ status: 502, code: 'http_502' });
  });

  it('describes a network failure', () => {
    expect(toProblem(axiosError(undefined))).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('describes anything else', () => {
    expect(toProblem(new Error('boom')).code).toBe('unexpected_error');
  });
});
