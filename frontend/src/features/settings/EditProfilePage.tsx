import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { useSession } from '../../api/session';
import type { Me, Neighbourhood } from '../../api/types';
import { updateMe } from '../../api/users';
import { Field, FormAlert } from '../../components/Form/Field';
import formStyles from '../../components/Form/Form.module.css';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { applyServerErrors } from '../../components/Form/serverErrors';
import { usernameSchema } from '../auth/schemas';
import { useNeighbourhoods } from '../profile/useNeighbourhoods';
import { ImageUpload } from './ImageUpload';

const profileSchema = z.object({
  username: usernameSchema,
  display_name: z.string().trim().min(1, 'validation.displayNameLength').max(50, 'validation.displayNameLength'),
  bio: z.string().max(300, 'validation.bioLength'),
  neighbourhood: z.string(),
  interests: z
    .string()
    .refine((v) => splitInterests(v).length <= 10, 'validation.interestsCount')
    .refine((v) => splitInterests(v).every((i) => i.length <= 30), 'validation.interestLength'),
});

type ProfileValues = z.infer<typeof profileSchema>;

export function splitInterests(value: string): string[] {
  return value
    .split(',')
    .map((i) => i.trim())
    .filter((i) => i !== '');
}

const FIELDS = ['username', 'display_name', 'bio', 'neighbourhood', 'interests'] as const;

export function EditProfilePage() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const neighbourhoods = useNeighbourhoods();
  if (!user || neighbourhoods.isPending) return <p role="status">{t('common.loading')}</p>;
  // The select needs its options before the form sets its value.
  return <EditProfileForm user={user} neighbourhoods={neighbourhoods.data ?? []} key={user.id} />;
}

function EditProfileForm({ user, neighbourhoods }: { user: Me; neighbourhoods: Neighbourhood[] }) {
  const { t } = useTranslation();
  const message = useMessage();
  const setUser = useSession((s) => s.setUser);
  const [saved, setSaved] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ProfileValues>({
    resolver: zodResolver(profileSchema),
    defaultValues: {
      username: user.username,
      display_name: user.display_name,
      bio: user.bio,
      neighbourhood: user.neighbourhood ?? '',
      interests: user.interests.join(', '),
    },
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(false);
    setFormError(null);
    try {
      const me = await updateMe({
        username: values.username,
        display_name: values.display_name,
        bio: values.bio,
        neighbourhood: values.neighbourhood === '' ? null : values.neighbourhood,
        interests: splitInterests(values.interests),
      });
      setUser(me);
      setSaved(true);
    } catch (error) {
      const problem = applyServerErrors(error, setError, FIELDS);
      if (problem) setFormError(problemMessage(problem));
    }
  });

  return (
    <section aria-labelledby="edit-profile-title">
      <h1 id="edit-profile-title">{t('settings.profile.title')}</h1>
      <p>
        <Link to={`/profile/${user.username}`}>{t('settings.profile.view')}</Link>
      </p>
      <ImageUpload kind="avatar" current={user.avatar} />
      <ImageUpload kind="cover" current={user.cover} />
      <form className={formStyles.form} onSubmit={(e) => void onSubmit(e)} noValidate>
        {saved ? <FormAlert tone="success">{t('settings.saved')}</FormAlert> : null}
        {formError ? <FormAlert>{message(formError)}</FormAlert> : null}
        <Field label={t('auth.fields.displayName')} error={errors.display_name?.message} {...register('display_name')} />
        <Field
          label={t('auth.fields.username')}
          hint={t('auth.hints.username')}
          error={errors.username?.message}
          {...register('username')}
        />
        <div className={formStyles.field}>
          <label htmlFor="profile-bio">{t('settings.profile.bio')}</label>
          <textarea
            id="profile-bio"
            rows={4}
            aria-invalid={errors.bio ? true : undefined}
            aria-describedby={errors.bio ? 'profile-bio-error' : undefined}
            {...register('bio')}
          />
          {errors.bio?.message ? (
            <p id="profile-bio-error" role="alert" className={formStyles.error}>
              {message(errors.bio.message)}
            </p>
          ) : null}
        </div>
        <div className={formStyles.field}>
          <label htmlFor="profile-neighbourhood">{t('settings.profile.neighbourhood')}</label>
          <select id="profile-neighbourhood" {...register('neighbourhood')}>
            <option value="">{t('settings.profile.noNeighbourhood')}</option>
            {neighbourhoods.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('settings.profile.interests')}
          hint={t('settings.profile.interestsHint')}
          error={errors.interests?.message}
          {...register('interests')}
        />
        <div className={formStyles.actions}>
          <button type="submit" className={formStyles.primary} disabled={isSubmitting}>
            {t('settings.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
