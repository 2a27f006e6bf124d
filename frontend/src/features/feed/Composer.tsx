import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createPost, uploadPhoto, type Visibility } from '../../api/posts';
import { toProblem } from '../../api/problem';
import styles from './Feed.module.css';
import { visibleLength } from './text';

const MAX_LENGTH = 2000;
const MAX_PHOTOS = 4;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

interface Picked {
  file: File;
  preview: string;
}

/** Writing a post: text with a live counter, up to four photos with previews, visibility. */
export function Composer() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const textId = useId();
  const fileId = useId();
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<Picked[]>([]);
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<string | null>(null);

  useEffect(
    () => () => {
      for (const p of photos) URL.revokeObjectURL(p.preview);
    },
    [photos],
  );

  const length = visibleLength(text.trim());
  const publish = useMutation({
    mutationFn: async () => {
      const ids: string[] = [];
      for (const [i, p] of photos.entries()) {
        setProgress(t('composer.uploading', { n: i + 1, total: photos.length }));
        ids.push(await uploadPhoto(p.file));
      }
      setProgress(t('composer.publishing'));
      return createPost({ text, image_ids: ids, visibility });
    },
    onSuccess: () => {
      setText('');
      setPhotos([]);
      setError(null);
      void client.invalidateQueries({ queryKey: ['feed'] });
    },
    onError: (err) => {
      const problem = toProblem(err);
      const field = problem.errors?.[0]?.code;
      setError(field ? `fieldErrors.${field}` : `errors.${problem.code}`);
    },
    onSettled: () => {
      setProgress(null);
    },
  });

  const canPublish = (length > 0 || photos.length > 0) && length <= MAX_LENGTH && !publish.isPending;
  return (
    <form
      className={styles.composer}
      aria-label={t('composer.title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (canPublish) publish.mutate();
      }}
    >
      <label htmlFor={textId}>{t('composer.label')}</label>
      <textarea
        id={textId}
        rows={3}
        value={text}
        placeholder={t('composer.placeholder')}
        aria-describedby={`${textId}-count`}
        onChange={(e) => {
          setText(e.target.value);
        }}
      />
      <p id={`${textId}-count`} className={length > MAX_LENGTH ? styles.over : styles.counter}>
        {t('composer.count', { n: length, max: MAX_LENGTH })}
      </p>
      {photos.length > 0 ? (
        <ul className={styles.previews} aria-label={t('composer.photos')}>
          {photos.map((p, i) => (
            <li key={p.preview}>
              <img src={p.preview} alt={t('composer.preview', { n: i + 1 })} />
              <button
                type="button"
                onClick={() => {
                  setPhotos((list) => list.filter((x) => x !== p));
                }}
              >
                {t('composer.remove', { n: i + 1 })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className={styles.composerBar}>
        <input
          id={fileId}
          className={styles.visuallyHidden}
          type="file"
          accept={ACCEPTED.join(',')}
          multiple
          disabled={photos.length >= MAX_PHOTOS}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            const ok = files.filter((f) => ACCEPTED.includes(f.type) && f.size <= 8 * 1024 * 1024);
            if (ok.length < files.length) setError('fieldErrors.not_an_image');
            setPhotos((list) => [...list, ...ok.map((file) => ({ file, preview: URL.createObjectURL(file) }))].slice(0, MAX_PHOTOS));
          }}
        />
        <label htmlFor={fileId} className={styles.addPhoto}>
          {t('composer.addPhotos')}
        </label>
        <label htmlFor={`${fileId}-visibility`} className={styles.visuallyHidden}>
          {t('composer.visibility')}
        </label>
        <select
          id={`${fileId}-visibility`}
          value={visibility}
          onChange={(e) => {
            setVisibility(e.target.value === 'followers' ? 'followers' : 'public');
          }}
        >
          <option value="public">{t('composer.public')}</option>
          <option value="followers">{t('composer.followers')}</option>
        </select>
        <button type="submit" disabled={!canPublish}>
          {t('composer.publish')}
        </button>
      </div>
      {progress ? <p role="status">{progress}</p> : null}
      {error ? <p role="alert">{t(error)}</p> : null}
    </form>
  );
}
