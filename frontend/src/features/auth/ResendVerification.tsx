import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { resendVerification } from '../../api/auth';
import { toProblem } from '../../api/problem';
import { Field, FormAlert } from '../../components/Form/Field';
import styles from '../../components/Form/Form.module.css';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { emailOnlySchema } from './schemas';

type Values = z.infer<typeof emailOnlySchema>;

/**
 * Sends the confirmation link again. The resident signed in with their e-mail: one button. With their
 * username: the address is asked for, since the link goes to an address (and the answer never says
 * whether an account uses it). A form of its own, after the sign-in form: forms cannot nest.
 */
export function ResendVerification({ email }: { email: string | null }) {
  const { t } = useTranslation();
  const message = useMessage();
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // Asked for when unknown, and also when the one typed to sign in does not pass as an address:
  // otherwise the button would fail on a field nobody can see.
  const [askAddress, setAskAddress] = useState(email === null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ resolver: zodResolver(emailOnlySchema), defaultValues: { email: email ?? '' } });

  const onSubmit = handleSubmit(
    async (values) => {
      setFailure(null);
      try {
        await resendVerification(values.email);
        setSent(true);
      } catch (error) {
        setFailure(problemMessage(toProblem(error)));
      }
    },
    () => {
      setAskAddress(true);
    },
  );

  if (sent) return <FormAlert tone="success">{t('auth.login.resent')}</FormAlert>;
  return (
    <form className={styles.form} onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('auth.login.resend')}>
      {failure ? <FormAlert>{message(failure)}</FormAlert> : null}
      {askAddress ? (
        <Field
          label={t('auth.fields.email')}
          type="email"
          autoComplete="email"
          error={errors.email?.message}
          {...register('email')}
        />
      ) : null}
      <div className={styles.actions}>
        <button type="submit" className={styles.secondary} disabled={isSubmitting}>
          {t('auth.login.resend')}
        </button>
      </div>
    </form>
  );
}
