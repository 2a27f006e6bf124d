import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { login, resendVerification } from '../../api/auth';
import { toProblem } from '../../api/problem';
import { Field, FormAlert } from '../../components/Form/Field';
import styles from '../../components/Form/Form.module.css';
import { loginSchema, type LoginValues } from './schemas';

/** Only paths of this app: `next` must not send the resident to another site. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

type Refusal =
  | { kind: 'locked'; minutes: number }
  | { kind: 'unverified'; email: string | null }
  | { kind: 'other'; key: string };

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [resent, setResent] = useState(false);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<LoginValues>({ resolver: zodResolver(loginSchema), defaultValues: { login: '', password: '' } });

  const onSubmit = handleSubmit(async (values) => {
    setRefusal(null);
    setResent(false);
    try {
      await login(values.login, values.password);
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (error) {
      const problem = toProblem(error);
      if (problem.code === 'account_locked' || problem.code === 'rate_limited') {
        setRefusal({ kind: 'locked', minutes: Math.max(1, Math.ceil((problem.retry_after_secs ?? 60) / 60)) });
      } else if (problem.code === 'email_not_verified') {
        setRefusal({ kind: 'unverified', email: values.login.includes('@') ? values.login : null });
      } else {
        setRefusal({ kind: 'other', key: `errors.${problem.code}` });
      }
    }
  });

  return (
    <section aria-labelledby="login-title">
      <h1 id="login-title">{t('auth.login.title')}</h1>
      <form className={styles.form} onSubmit={(e) => void onSubmit(e)} noValidate>
        {refusal?.kind === 'locked' ? <FormAlert>{t('auth.login.locked', { count: refusal.minutes })}</FormAlert> : null}
        {refusal?.kind === 'other' ? <FormAlert>{t(refusal.key)}</FormAlert> : null}
        {refusal?.kind === 'unverified' ? (
          <FormAlert>
            <p>{t('errors.email_not_verified')}</p>
            {refusal.email && !resent ? (
              <button
                type="button"
                className={styles.secondary}
                onClick={() => {
                  void resendVerification(refusal.email ?? '').then(() => {
                    setResent(true);
                  });
                }}
              >
                {t('auth.login.resend')}
              </button>
            ) : null}
            {resent ? <p>{t('auth.login.resent')}</p> : null}
          </FormAlert>
        ) : null}
        <Field label={t('auth.fields.login')} autoComplete="username" error={errors.login?.message} {...register('login')} />
        <Field
          label={t('auth.fields.password')}
          type="password"
          autoComplete="current-password"
          error={errors.password?.message}
          {...register('password')}
        />
        <div className={styles.actions}>
          <button type="submit" className={styles.primary} disabled={isSubmitting}>
            {t('auth.login.submit')}
          </button>
          <Link to="/forgot-password">{t('auth.login.forgot')}</Link>
          <Link to="/register">{t('auth.login.noAccount')}</Link>
        </div>
      </form>
    </section>
  );
}
