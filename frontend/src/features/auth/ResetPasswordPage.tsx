import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { z } from 'zod';
import { resetPassword } from '../../api/auth';
import { Field, FormAlert } from '../../components/Form/Field';
import styles from '../../components/Form/Form.module.css';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { applyServerErrors } from '../../components/Form/serverErrors';
import { resetSchema } from './schemas';

type ResetValues = z.infer<typeof resetSchema>;

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const message = useMessage();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ResetValues>({ resolver: zodResolver(resetSchema), defaultValues: { password: '', confirm: '' } });

  const onSubmit = handleSubmit(async ({ password }) => {
    setFormError(null);
    try {
      await resetPassword(token, password);
      setDone(true);
    } catch (error) {
      const problem = applyServerErrors(error, setError, ['password'] as const);
      if (problem) setFormError(problemMessage(problem));
    }
  });

  return (
    <section aria-labelledby="reset-title">
      <h1 id="reset-title">{t('auth.reset.title')}</h1>
      {token === '' ? (
        <>
          <FormAlert>{t('errors.invalid_token')}</FormAlert>
          <p>
            <Link to="/forgot-password">{t('auth.reset.again')}</Link>
          </p>
        </>
      ) : done ? (
        <>
          <FormAlert tone="success">{t('auth.reset.done')}</FormAlert>
          <p>
            <Link to="/login">{t('auth.login.link')}</Link>
          </p>
        </>
      ) : (
        <form className={styles.form} onSubmit={(e) => void onSubmit(e)} noValidate>
          {formError ? <FormAlert>{message(formError)}</FormAlert> : null}
          <Field
            label={t('auth.fields.newPassword')}
            type="password"
            autoComplete="new-password"
            hint={t('auth.hints.password')}
            error={errors.password?.message}
            {...register('password')}
          />
          <Field
            label={t('auth.fields.confirmPassword')}
            type="password"
            autoComplete="new-password"
            error={errors.confirm?.message}
            {...register('confirm')}
          />
          <div className={styles.actions}>
            <button type="submit" className={styles.primary} disabled={isSubmitting}>
              {t('auth.reset.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
