import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import styles from './Form.module.css';
import { useMessage } from './messages';

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  /** An i18n key (from a Zod schema or a server field code), already resolved or not. */
  error?: string | undefined;
  hint?: ReactNode;
}

/** A labelled input whose hint and error are tied to it (aria-describedby); the error is announced. */
export function Field({ label, error, hint, ...input }: FieldProps) {
  const message = useMessage();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {hint ? (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className={styles.error}>
          {message(error)}
        </p>
      ) : null}
    </div>
  );
}

/** A message for the whole form (a refusal that is not about one field, a success, a notice). */
export function FormAlert({ children, tone = 'error' }: { children: ReactNode; tone?: 'error' | 'success' | 'info' }) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={styles[tone === 'error' ? 'alert' : tone]}>
      {children}
    </div>
  );
}
