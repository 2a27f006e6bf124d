import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toProblem } from '../../api/problem';
import { useSession } from '../../api/session';
import type { ImageUrls } from '../../api/types';
import { removeProfileImage, uploadProfileImage, type ImageKind } from '../../api/users';
import { fieldErrorMessage, problemMessage, useMessage } from '../../components/Form/messages';
import styles from './Settings.module.css';

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_BYTES = 8 * 1024 * 1024;

/** Choose a picture, see it at once, send it; the server keeps only re-encoded copies. */
export function ImageUpload({ kind, current }: { kind: ImageKind; current: ImageUrls | null }) {
  const { t } = useTranslation();
  const message = useMessage();
  const setUser = useSession((s) => s.setUser);
  const inputId = useId();
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview);
    },
    [preview],
  );

  const upload = useMutation({
    mutationFn: (file: File) => uploadProfileImage(kind, file),
    onSuccess: (me) => {
      setUser(me);
    },
    onError: (err) => {
      const problem = toProblem(err);
      const fieldError = problem.errors?.[0];
      setError(fieldError ? fieldErrorMessage(fieldError.code, fieldError.message) : problemMessage(problem));
    },
  });
  const remove = useMutation({
    mutationFn: () => removeProfileImage(kind),
    onSuccess: (me) => {
      setUser(me);
      setPreview(null);
    },
  });

  const shown = preview ?? current?.medium ?? null;
  return (
    <div className={styles.image}>
      <span className={styles.imageLabel}>{t(`settings.profile.${kind}`)}</span>
      {shown ? (
        <img className={kind === 'avatar' ? styles.avatarPreview : styles.coverPreview} src={shown} alt={t(`settings.profile.${kind}Preview`)} />
      ) : (
        <p>{t('settings.profile.noImage')}</p>
      )}
      <input
        id={inputId}
        className={styles.fileInput}
        type="file"
        accept={ACCEPTED.join(',')}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (!file) return;
          setError(null);
          if (!ACCEPTED.includes(file.type)) {
            setError('fieldErrors.not_an_image');
            return;
          }
          if (file.size > MAX_BYTES) {
            setError('fieldErrors.image_too_large');
            return;
          }
          setPreview(URL.createObjectURL(file));
          upload.mutate(file);
        }}
      />
      <label htmlFor={inputId} className={styles.fileButton}>
        {t(`settings.profile.choose.${kind}`)}
      </label>
      {upload.isPending ? <p role="status">{t('settings.profile.uploading')}</p> : null}
      {upload.isSuccess ? <p role="status">{t('settings.profile.uploaded')}</p> : null}
      {error ? (
        <p role="alert" className={styles.error}>
          {message(error)}
        </p>
      ) : null}
      {current ? (
        <button
          type="button"
          className={styles.linkButton}
          onClick={() => {
            remove.mutate();
          }}
        >
          {t('settings.profile.remove')}
        </button>
      ) : null}
    </div>
  );
}
