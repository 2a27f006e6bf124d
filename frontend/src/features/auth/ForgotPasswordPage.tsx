import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { forgotPassword } from '../../api/auth';
import { toProblem } from '../../api/problem';
import { Field, FormAlert } from '../../components/Form/Field';
import styles from '../../components/Form/Form.module.css';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { emailOnlySchema } from './schemas';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const message = useMessage();
  const [sent, setSent] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<z.infer<typeof emailOnlySchema>>({ resolver: zodResolver(emailOnlySchema), defaultValues: { email: '' } });

  const onSubmit = handleSubmit(async ({ email }) => {
    setFormError(null);
    try {
      await forgotPassword(email);
      setSent(true);
    } catch (error) {
      setFormError(problemMessage(toProblem(error)));
    }
  });

  return (
    <section aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t('auth.forgot.title')}</h1>
      {sent ? (
        <FormAlert tone="success">{t('auth.forgot.sent')}</FormAlert>
      ) : (
        <form className={styles.form} onSubmit={(e) => void onSubmit(e)} noValidate>
          <p>{t('auth.forgot.intro')}</p>
          {formError ? <FormAlert>{message(formError)}</FormAlert> : null}
          <Field label={t('auth.fields.email')} type="email" autoComplete="email" error={errors.email?.message} {...register('email')} />
          <div className={styles.actions}>
            <button type="submit" className={styles.primary} disabled={isSubmitting}>
              {t('auth.forgot.submit')}
            </button>
            <Link to="/login">{t('auth.login.link')}</Link>
          </div>
        </form>
      )}
    </section>
  );
}
