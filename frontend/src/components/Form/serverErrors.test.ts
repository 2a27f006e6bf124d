import { AxiosError, AxiosHeaders } from 'axios';
import { describe, expect, it, vi } from 'vitest';
import { problemMessage } from './messages';
import { applyServerErrors, fieldName } from './serverErrors';

function refused(status: number, data: unknown): AxiosError {
  const config = { headers: new AxiosHeaders() };
  return new AxiosError('refused', 'ERR', config, undefined, { status, statusText: '', data, headers: {}, config });
}

describe('server errors on form fields', () => {
  it('maps the server’s field names onto the form’s', () => {
    expect(fieldName('body.username')).toBe('username');
    expect(fieldName('body.interests[3]')).toBe('interests');
    expect(fieldName('query.q')).toBe('q');
    expect(fieldName('display_name')).toBe('display_name');
  });

  it('sets a translated key per known code, the server’s message otherwise, and reports the rest', () => {
    const setError = vi.fn();
    const problem = applyServerErrors(
      refused(422, {
        type: 'about:blank',
        title: 'Invalid input',
        status: 422,
        code: 'validation_failed',
        errors: [
          { field: 'body.username', code: 'taken', message: 'taken' },
          { field: 'body.bio', code: 'never_seen_before', message: 'the bio says something odd' },
          { field: 'body.elsewhere', code: 'invalid', message: 'not on this form' },
        ],
      }),
      setError,
      ['username', 'bio'],
    );
    expect(setError).toHaveBeenNthCalledWith(1, 'username', { type: 'server', message: 'fieldErrors.taken' }, { shouldFocus: true });
    expect(setError).toHaveBeenNthCalledWith(2, 'bio', { type: 'server', message: 'the bio says something odd' }, { shouldFocus: false });
    expect(problem?.code).toBe('validation_failed');
  });

  it('leaves other refusals to the whole form', () => {
    const setError = vi.fn();
    const problem = applyServerErrors(refused(403, { type: 'about:blank', title: 'Wrong password', status: 403, code: 'wrong_password' }), setError, ['password']);
    expect(setError).not.toHaveBeenCalled();
    expect(problem && problemMessage(problem)).toBe('errors.wrong_password');
    expect(problemMessage({ type: 'about:blank', title: 'Teapot', status: 418, code: 'teapot', detail: 'I am a teapot' })).toBe('I am a teapot');
  });
});
