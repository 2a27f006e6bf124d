import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api/problem';
import i18n from '../../i18n';

/**
 * A message to show: an i18n key (from a Zod schema, a field or problem code) when one exists,
 * otherwise the server's own words, so that a code this version does not know still says something.
 */
export function problemMessage(problem: Problem): string {
  const key = `errors.${problem.code}`;
  if (i18n.exists(key)) return key;
  // Not a problem document (a proxy's 502 page...): its status text is no message for a resident.
  if (/^http_\d+$/.test(problem.code)) return problem.status >= 500 ? 'errors.internal_error' : 'errors.unexpected_error';
  return problem.detail ?? problem.title;
}

/** The message of one field error from a 422: its code translated, else the server's message. */
export function fieldErrorMessage(code: string, serverMessage: string): string {
  const key = `fieldErrors.${code}`;
  return i18n.exists(key) ? key : serverMessage;
}

/** Translates what `problemMessage` and the schemas produce; anything else is shown as it is. */
export function useMessage(): (message: string) => string {
  const { t, i18n: instance } = useTranslation();
  return useCallback((message: string) => (instance.exists(message) ? t(message) : message), [t, instance]);
}
