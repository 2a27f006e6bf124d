import { isAxiosError } from 'axios';

/**
 * The API's field errors are a list (`[{field, code, message}]`); the issue 7 contract also writes them as
 * a map (`{field: [message]}`). A map is turned into the list the app's forms read, in place.
 */
export function withListedFieldErrors(error: unknown): unknown {
  if (!isAxiosError(error)) return error;
  const data: unknown = error.response?.data;
  if (typeof data !== 'object' || data === null) return error;
  const errors = (data as { errors?: unknown }).errors;
  if (typeof errors !== 'object' || errors === null || Array.isArray(errors)) return error;
  const listed = Object.entries(errors as Record<string, unknown>).map(([field, messages]) => {
    const first: unknown = Array.isArray(messages) ? messages[0] : messages;
    const message = typeof first === 'string' ? first : 'invalid';
    return { field, code: /^[a-z_]+$/.test(message) ? message : 'invalid', message };
  });
  if (error.response) error.response.data = { ...data, errors: listed };
  return error;
}
