import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { changePassword } from '../../api/auth';
import { Field, FormAlert } from '../../components/Form/Field';
import formStyles from '../../components/Form/Form.module.css';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { applyServerErrors } from '../../components/Form/serverErrors';
import { newPasswordSchema } from '../auth/schemas';
import styles from './Settings.module.css';

const schema = z.object({
  current_password: z.string().min(1, 'validation.required'),
  new_password: newPasswordSchema,
});

type Values = z.infer<typeof schema>;

export function ChangePasswordForm() {
  const { t } = useTranslation();
  const message = useMessage();
  const [done, setDone] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { current_password: '', new_password: '' } });
  const onSubmit = handleSubmit(async (values) => {
    setDone(false);
    setFormError(null);
    try {
      await changePassword(values.current_password, values.new_password);
      reset();
      setDone(true);
    } catch (error) {
      const problem = applyServerErrors(error, setError, ['current_password', 'new_password'] as const);
      if (problem) setFormError(problemMessage(problem));
    }
  });
  return (
    <section className={styles.group} aria-labelledby="password-title">
      <h2 id="password-title">{t('settings.password.title')}</h2>
      <form className={formStyles.form} onSubmit={(e) => void onSubmit(e)} noValidate>
        {done ? <FormAlert tone="success">{t('settings.password.done')}</FormAlert> : null}
        {formError ? <FormAlert>{message(formError)}</FormAlert> : null}
        <Field
          label={t('settings.password.current')}
          type="password"
          autoComplete="current-password"
          error={errors.current_password?.message}
          {...register('current_password')}
        />
        <Field
          label={t('auth.fields.newPassword')}
          type="password"
          autoComplete="new-password"
          hint={t('auth.hints.password')}
          error={errors.new_password?.message}
          {...register('new_password')}
        />
        <div className={formStyles.actions}>
          <button type="submit" className={formStyles.primary} disabled={isSubmitting}>
            {t('settings.password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
