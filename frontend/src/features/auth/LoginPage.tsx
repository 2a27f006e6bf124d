import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { login } from '../../api/auth';
import { toProblem } from '../../api/problem';
import { Field, FormAlert } from '../../components/Form/Field';
import styles from '../../components/Form/Form.module.css';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { ResendVerification } from './ResendVerification';
import { loginSchema, type LoginValues } from './schemas';

/** Only paths of this app: `next` must not send the resident to another site. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

type Refusal =
  | { kind: 'locked'; until: Date; minutes: number }
  | { kind: 'unverified'; email: string | null }
  | { kind: 'other'; message: string };

/** When a locked sign-in may be tried again, from `retry_after_secs`. */
export function retryAt(retryAfterSecs: number | undefined, now: Date = new Date()): { until: Date; minutes: number } {
  const secs = Math.max(1, retryAfterSecs ?? 60);
  return { until: new Date(now.getTime() + secs * 1000), minutes: Math.max(1, Math.ceil(secs / 60)) };
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const message = useMessage();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<LoginValues>({ resolver: zodResolver(loginSchema), defaultValues: { login: '', password: '' } });

  const onSubmit = handleSubmit(async (values) => {
    setRefusal(null);
    try {
      await login(values.login, values.password);
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (error) {
      const problem = toProblem(error);
      if (problem.code === 'account_locked' || problem.code === 'rate_limited') {
        setRefusal({ kind: 'locked', ...retryAt(problem.retry_after_secs) });
      } else if (problem.code === 'email_not_verified') {
        setRefusal({ kind: 'unverified', email: values.login.includes('@') ? values.login : null });
      } else {
        setRefusal({ kind: 'other', message: problemMessage(problem) });
      }
    }
  });

  const time = (date: Date) => new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' }).format(date);

  return (
    <section aria-labelledby="login-title">
      <h1 id="login-title">{t('auth.login.title')}</h1>
      <form className={styles.form} onSubmit={(e) => void onSubmit(e)} noValidate>
        {params.get('expired') === '1' && !refusal ? <FormAlert tone="info">{t('auth.login.expired')}</FormAlert> : null}
        {refusal?.kind === 'locked' ? (
          <FormAlert>{t('auth.login.locked', { count: refusal.minutes, time: time(refusal.until) })}</FormAlert>
        ) : null}
        {refusal?.kind === 'other' ? <FormAlert>{message(refusal.message)}</FormAlert> : null}
        {refusal?.kind === 'unverified' ? (
          <FormAlert>
            <p>{t('errors.email_not_verified')}</p>
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
      {refusal?.kind === 'unverified' ? <ResendVerification email={refusal.email} /> : null}
    </section>
  );
}
