import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { toProblem, type Problem } from '../../api/problem';

/** The i18n key of a problem code, for messages about the whole form. */
export function problemKey(problem: Problem): string {
  return `errors.${problem.code}`;
}

/**
 * Puts a 422's field errors on the form's fields (`body.username` → `username`), translated from
 * their stable `code`. Returns the problem when something is left to say about the whole form.
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
  for (const fieldError of problem.errors) {
    const name = fieldError.field.replace(/^body\./, '').replace(/\[\d+\]$/, '');
    const field = fields.find((f) => f === name);
    if (field) {
      setError(field, { type: 'server', message: `fieldErrors.${fieldError.code}` });
    } else {
      unmatched = true;
    }
  }
  return unmatched ? problem : null;
}
