import type { Problem } from '../../api/problem';
import { fieldName } from '../../components/Form/serverErrors';
import { fieldErrorMessage } from '../../components/Form/messages';

/**
 * A refusal's field errors as field → messages (i18n keys or the server's words). Takes both shapes:
 * the contract's `{ "from": ["…"] }` and the older `[{ field, code, message }]`.
 */
export function problemFieldErrors(problem: Problem): Record<string, string[]> {
  const raw: unknown = problem.errors;
  const out: Record<string, string[]> = {};
  const add = (field: string, message: string) => {
    const name = fieldName(field);
    (out[name] ??= []).push(message);
  };
  if (Array.isArray(raw)) {
    for (const item of raw as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const e = item as Record<string, unknown>;
      if (typeof e.field !== 'string') continue;
      add(e.field, fieldErrorMessage(typeof e.code === 'string' ? e.code : '', typeof e.message === 'string' ? e.message : ''));
    }
  } else if (typeof raw === 'object' && raw !== null) {
    for (const [field, messages] of Object.entries(raw as Record<string, unknown>)) {
      const list = Array.isArray(messages) ? (messages as unknown[]) : [messages];
      for (const m of list) if (typeof m === 'string' && m) add(field, m);
    }
  }
  return out;
}
