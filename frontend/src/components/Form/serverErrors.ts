import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { toProblem, type Problem } from '../../api/problem';
import { fieldErrorMessage } from './messages';

/** `body.username` → `username`; `body.interests[2]` → `interests`. */
export function fieldName(serverField: string): string {
  return serverField.replace(/^(body|query|path)\./, '').replace(/\[\d+\]$/, '');
}

/**
 * Puts a 422's field errors on the form's fields (`body.username` → `username`), translated from
 * their stable `code` (the server's message when the code has no translation). Returns the problem
 * when something is left to say about the whole form.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): Problem | null {
  const problem = toProblem(error);
  if (problem.status !== 422 || !problem.errors?.length) {
    return problem;
  }
  let unmatched = false;
  let focused = false;
  for (const fieldError of problem.errors) {
    const name = fieldName(fieldError.field);
    const field = fields.find((f) => f === name);
    if (field) {
      setError(field, { type: 'server', message: fieldErrorMessage(fieldError.code, fieldError.message) }, { shouldFocus: !focused });
      focused = true;
    } else {
      unmatched = true;
    }
  }
  return unmatched ? problem : null;
}
