import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { useSession } from '../../api/session';
import { deleteAccount } from '../../api/users';
import { Field, FormAlert } from '../../components/Form/Field';
import formStyles from '../../components/Form/Form.module.css';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { applyServerErrors } from '../../components/Form/serverErrors';
import styles from './Settings.module.css';

const schema = z.object({ password: z.string().min(1, 'validation.required') });
type Values = z.infer<typeof schema>;

/**
 * Erasing the account, behind a native modal <dialog> (focus kept inside, Escape closes it) that asks
 * for the password.
 */
export function DeleteAccount() {
  const { t } = useTranslation();
  const message = useMessage();
  const navigate = useNavigate();
  const client = useQueryClient();
  const signOut = useSession((s) => s.signOut);
  const dialog = useRef<HTMLDialogElement>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { password: '' } });

  const erase = async ({ password }: Values) => {
    setFormError(null);
    try {
      await deleteAccount(password);
      dialog.current?.close();
      signOut();
      client.clear();
      void navigate('/', { replace: true });
    } catch (error) {
      const problem = applyServerErrors(error, setError, ['password'] as const);
      if (problem) setFormError(problemMessage(problem));
    }
  };

  return (
    <section className={styles.group} aria-labelledby="delete-title">
      <h2 id="delete-title">{t('settings.delete.title')}</h2>
      <p>{t('settings.delete.intro')}</p>
      <button
        type="button"
        className={styles.danger}
        onClick={() => {
          setFormError(null);
          reset();
          dialog.current?.showModal();
        }}
      >
        {t('settings.delete.button')}
      </button>
      <dialog ref={dialog} aria-labelledby="delete-dialog-title" aria-describedby="delete-dialog-text" className={styles.dialog}>
        <form className={formStyles.form} onSubmit={(e) => void handleSubmit(erase)(e)} noValidate>
          <h3 id="delete-dialog-title">{t('settings.delete.confirmTitle')}</h3>
          <p id="delete-dialog-text">{t('settings.delete.confirmText')}</p>
          {formError ? <FormAlert>{message(formError)}</FormAlert> : null}
          <Field
            label={t('auth.fields.password')}
            type="password"
            autoComplete="current-password"
            error={errors.password?.message}
            {...register('password')}
          />
          <div className={formStyles.actions}>
            <button type="submit" className={styles.danger} disabled={isSubmitting}>
              {t('settings.delete.confirm')}
            </button>
            <button
              type="button"
              className={formStyles.secondary}
              onClick={() => {
                dialog.current?.close();
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
