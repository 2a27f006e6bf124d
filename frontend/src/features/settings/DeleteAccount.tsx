import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { toProblem } from '../../api/problem';
import { useSession } from '../../api/session';
import { deleteAccount } from '../../api/users';
import { Field, FormAlert } from '../../components/Form/Field';
import formStyles from '../../components/Form/Form.module.css';
import styles from './Settings.module.css';

/** Erasing the account, behind a confirmation dialog that asks for the password. */
export function DeleteAccount() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const signOut = useSession((s) => s.signOut);
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <section className={styles.group} aria-labelledby="delete-title">
      <h2 id="delete-title">{t('settings.delete.title')}</h2>
      <p>{t('settings.delete.intro')}</p>
      <button
        type="button"
        className={styles.danger}
        onClick={() => {
          setError(null);
          dialog.current?.showModal();
        }}
      >
        {t('settings.delete.button')}
      </button>
      <dialog ref={dialog} aria-labelledby="delete-dialog-title" className={styles.dialog}>
        <form
          method="dialog"
          className={formStyles.form}
          onSubmit={(event) => {
            event.preventDefault();
            setBusy(true);
            deleteAccount(password)
              .then(() => {
                dialog.current?.close();
                signOut();
                void navigate('/', { replace: true });
              })
              .catch((err: unknown) => {
                setError(`errors.${toProblem(err).code}`);
              })
              .finally(() => {
                setBusy(false);
              });
          }}
        >
          <h3 id="delete-dialog-title">{t('settings.delete.confirmTitle')}</h3>
          <p>{t('settings.delete.confirmText')}</p>
          {error ? <FormAlert>{t(error)}</FormAlert> : null}
          <Field
            label={t('auth.fields.password')}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
            }}
          />
          <div className={formStyles.actions}>
            <button type="submit" className={styles.danger} disabled={busy || password === ''}>
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
