import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { register as registerAccount } from '../../api/auth';
import { Field, FormAlert } from '../../components/Form/Field';
import styles from '../../components/Form/Form.module.css';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { applyServerErrors } from '../../components/Form/serverErrors';
import { useLanguage } from '../../stores/language';
import { registerSchema, type RegisterValues } from './schemas';

const FIELDS = ['email', 'username', 'display_name', 'password', 'language', 'accept_terms'] as const;

export function RegisterPage() {
  const { t } = useTranslation();
  const message = useMessage();
  const lang = useLanguage((s) => s.lang);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<RegisterValues>({
    resolver: zodResolver(registerSchema),
    defaultValues: { email: '', username: '', display_name: '', password: '', language: lang, accept_terms: false },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await registerAccount({ ...values, display_name: values.display_name || undefined });
      setSentTo(values.email);
    } catch (error) {
      const problem = applyServerErrors(error, setError, FIELDS);
      if (problem) setFormError(problemMessage(problem));
    }
  });

  if (sentTo) {
    return (
      <section aria-labelledby="register-title">
        <h1 id="register-title">{t('auth.register.doneTitle')}</h1>
        <FormAlert tone="success">{t('auth.register.done', { email: sentTo })}</FormAlert>
        <p>
          <Link to="/login">{t('auth.login.link')}</Link>
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="register-title">
      <h1 id="register-title">{t('auth.register.title')}</h1>
      <form className={styles.form} onSubmit={(e) => void onSubmit(e)} noValidate>
        {formError ? <FormAlert>{message(formError)}</FormAlert> : null}
        <Field label={t('auth.fields.email')} type="email" autoComplete="email" error={errors.email?.message} {...register('email')} />
        <Field
          label={t('auth.fields.username')}
          autoComplete="username"
          hint={t('auth.hints.username')}
          error={errors.username?.message}
          {...register('username')}
        />
        <Field label={t('auth.fields.displayName')} autoComplete="name" error={errors.display_name?.message} {...register('display_name')} />
        <Field
          label={t('auth.fields.password')}
          type="password"
          autoComplete="new-password"
          hint={t('auth.hints.password')}
          error={errors.password?.message}
          {...register('password')}
        />
        <div className={styles.field}>
          <label htmlFor="register-language">{t('auth.fields.language')}</label>
          <select id="register-language" {...register('language')}>
            <option value="fr">Français</option>
            <option value="en">English</option>
          </select>
        </div>
        <div className={styles.checkbox}>
          <input
            id="register-terms"
            type="checkbox"
            aria-invalid={errors.accept_terms ? true : undefined}
            aria-describedby={errors.accept_terms ? 'register-terms-error' : undefined}
            {...register('accept_terms')}
          />
          <label htmlFor="register-terms">
            {t('auth.register.acceptBefore')} <Link to="/terms">{t('legal.terms.link')}</Link> {t('auth.register.acceptAnd')}{' '}
            <Link to="/privacy">{t('legal.privacy.link')}</Link>
          </label>
        </div>
        {errors.accept_terms?.message ? (
          <p id="register-terms-error" role="alert" className={styles.error}>
            {message(errors.accept_terms.message)}
          </p>
        ) : null}
        <div className={styles.actions}>
          <button type="submit" className={styles.primary} disabled={isSubmitting}>
            {t('auth.register.submit')}
          </button>
          <Link to="/login">{t('auth.register.haveAccount')}</Link>
        </div>
      </form>
    </section>
  );
}
