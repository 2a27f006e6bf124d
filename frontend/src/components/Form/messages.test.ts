import { AxiosError, AxiosHeaders } from 'axios';
import { describe, expect, it } from 'vitest';
import { toProblem } from '../../api/problem';
import { fieldErrorMessage, problemMessage } from './messages';

function answer(status: number, data: unknown) {
  const config = { headers: new AxiosHeaders() };
  return toProblem(new AxiosError('x', 'ERR_BAD_RESPONSE', config, null, { status, statusText: 'Bad Gateway', data, headers: {}, config }));
}

describe('problemMessage', () => {
  it('uses the translation of a known code', () => {
    expect(problemMessage(answer(403, { type: 'about:blank', title: 'Wrong password', status: 403, code: 'wrong_password' }))).toBe('errors.wrong_password');
    expect(problemMessage(toProblem(new AxiosError('Network Error', 'ERR_NETWORK')))).toBe('errors.network_error');
  });

  it('falls back to the server’s words for a code this version does not know, its detail first', () => {
    expect(problemMessage(answer(409, { type: 'about:blank', title: 'Teapot', status: 409, code: 'teapot', detail: 'I am a teapot' }))).toBe('I am a teapot');
    expect(problemMessage(answer(409, { type: 'about:blank', title: 'Teapot', status: 409, code: 'teapot' }))).toBe('Teapot');
  });

  it('never shows a bare HTTP status text (an answer that is not a problem document)', () => {
    expect(problemMessage(answer(502, '<html>Bad Gateway</html>'))).toBe('errors.internal_error');
    expect(problemMessage(answer(418, ''))).toBe('errors.unexpected_error');
  });
});

describe('fieldErrorMessage', () => {
  it('translates a known code, else keeps the server’s message', () => {
    expect(fieldErrorMessage('taken', 'taken')).toBe('fieldErrors.taken');
    expect(fieldErrorMessage('brand_new_rule', 'this domain does not take mail')).toBe('this domain does not take mail');
  });
});
