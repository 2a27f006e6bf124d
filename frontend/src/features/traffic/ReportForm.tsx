import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { uploadPhoto } from '../../api/posts';
import { INCIDENT_TYPES, useReportIncident, type Incident, type NewIncident } from '../../api/traffic';
import { CityMap } from '../../components/CityMap/CityMap';
import { FormAlert } from '../../components/Form/Field';
import form from '../../components/Form/Form.module.css';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { applyServerErrors } from '../../components/Form/serverErrors';
import { LANDMARKS } from './landmarks';
import { withListedFieldErrors } from './problems';
import styles from './Traffic.module.css';

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_BYTES = 8 * 1024 * 1024;
export const DESCRIPTION_MAX = 500;

const schema = z
  .object({
    type: z.string().refine((v) => (INCIDENT_TYPES as readonly string[]).includes(v), 'traffic.report.typeRequired'),
    description: z.string().trim().max(DESCRIPTION_MAX, 'traffic.report.descriptionLength'),
    street: z.string().trim().max(200, 'fieldErrors.too_long'),
    landmark: z.string(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
  })
  .refine((v) => v.lat !== null && v.lon !== null, { message: 'traffic.report.positionRequired', path: ['lat'] });

type Values = z.infer<typeof schema>;
type Located = { via: 'geo' | 'map' | 'landmark'; lat: number; lon: number } | null;

const FIELDS = ['type', 'description', 'street', 'lat'] as const;

/**
 * Reporting an incident: its type, a few words, where (the device's position, a known place, or a point
 * on the map), the street and a photo if wanted. The server's field errors land on their fields.
 */
export function ReportForm({ onReported }: { onReported?: (incident: Incident) => void }) {
  const { t } = useTranslation();
  const message = useMessage();
  const ids = useId();
  const report = useReportIncident();
  const [located, setLocated] = useState<Located>(null);
  const [geoNote, setGeoNote] = useState<string | null>(null);
  const [locating, setLocating] = useState(false);
  const [photo, setPhoto] = useState<{ file: File; preview: string } | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const {
    register,
    handleSubmit,
    setValue,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { type: '', description: '', street: '', landmark: '', lat: null, lon: null } });

  useEffect(
    () => () => {
      if (photo) URL.revokeObjectURL(photo.preview);
    },
    [photo],
  );

  const place = (next: Located) => {
    setLocated(next);
    setValue('lat', next?.lat ?? null, { shouldValidate: next !== null });
    setValue('lon', next?.lon ?? null);
    if (next?.via !== 'landmark') setValue('landmark', '');
  };

  const useMyLocation = () => {
    setGeoNote(null);
    if (!('geolocation' in navigator)) {
      setGeoNote('traffic.report.geoUnsupported');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        place({ via: 'geo', lat: Number(position.coords.latitude.toFixed(6)), lon: Number(position.coords.longitude.toFixed(6)) });
      },
      () => {
        setLocating(false);
        setGeoNote('traffic.report.geoDenied');
      },
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  };

  const onSubmit = handleSubmit(async (values) => {
    setRefusal(null);
    setSent(false);
    if (values.lat === null || values.lon === null) return;
    const landmark = LANDMARKS.find((l) => l.id === values.landmark);
    const input: NewIncident = { type: values.type as NewIncident['type'], lat: values.lat, lon: values.lon };
    if (values.description) input.description = values.description;
    const street = values.street || (landmark && located?.via === 'landmark' ? t(`traffic.landmark.${landmark.id}`) : '');
    if (street) input.street = street;
    if (photo) {
      try {
        input.photo_upload_id = await uploadPhoto(photo.file);
      } catch {
        setPhotoError('traffic.report.photoFailed');
        return;
      }
    }
    try {
      const incident = await report.mutateAsync(input);
      setSent(true);
      reset();
      setLocated(null);
      setPhoto(null);
      setGeoNote(null);
      onReported?.(incident);
    } catch (error) {
      const left = applyServerErrors(withListedFieldErrors(error), setError, FIELDS);
      // `lon` shares the position's message.
      const problem = left;
      if (problem?.status === 422 && problem.errors?.some((e) => e.field.endsWith('lon'))) {
        setError('lat', { type: 'server', message: 'traffic.report.positionRequired' }, { shouldFocus: false });
      }
      const photoProblem = problem?.errors?.find((e) => e.field.endsWith('photo_upload_id'));
      if (photoProblem) setPhotoError(photoProblem.message);
      if (problem && !(problem.status === 422 && problem.errors?.length)) setRefusal(problemMessage(problem));
    }
  });

  const positionError = errors.lat?.message;
  const describe = (...parts: (string | false | null | undefined)[]) => parts.filter(Boolean).join(' ') || undefined;

  return (
    <form className={`${form.form} ${styles.report}`} onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('traffic.report.title')}</h2>
      {sent ? <FormAlert tone="success">{t('traffic.report.sent')}</FormAlert> : null}
      {refusal ? <FormAlert>{message(refusal)}</FormAlert> : null}

      <div className={form.field}>
        <label htmlFor={`${ids}-type`}>{t('traffic.report.type')}</label>
        <select id={`${ids}-type`} aria-invalid={errors.type ? true : undefined} aria-describedby={describe(errors.type && `${ids}-type-error`)} {...register('type')}>
          <option value="">{t('traffic.report.chooseType')}</option>
          {INCIDENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`traffic.type.${type}`)}
            </option>
          ))}
        </select>
        {errors.type?.message ? (
          <p id={`${ids}-type-error`} role="alert" className={form.error}>
            {message(errors.type.message)}
          </p>
        ) : null}
      </div>

      <div className={form.field}>
        <label htmlFor={`${ids}-description`}>{t('traffic.report.description')}</label>
        <textarea
          id={`${ids}-description`}
          rows={3}
          maxLength={DESCRIPTION_MAX + 50}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describe(`${ids}-description-hint`, errors.description && `${ids}-description-error`)}
          {...register('description')}
        />
        <p id={`${ids}-description-hint`} className={form.hint}>
          {t('traffic.report.descriptionHint')}
        </p>
        {errors.description?.message ? (
          <p id={`${ids}-description-error`} role="alert" className={form.error}>
            {message(errors.description.message)}
          </p>
        ) : null}
      </div>

      <fieldset className={styles.position} aria-describedby={describe(`${ids}-position-hint`, positionError && `${ids}-position-error`)}>
        <legend>{t('traffic.report.position')}</legend>
        <p id={`${ids}-position-hint`} className={form.hint}>
          {t('traffic.report.positionHint')}
        </p>
        <div className={styles.positionRow}>
          <button type="button" className={form.secondary} onClick={useMyLocation} disabled={locating}>
            {locating ? t('traffic.report.locating') : t('traffic.report.useLocation')}
          </button>
          <div className={form.field}>
            <label htmlFor={`${ids}-landmark`}>{t('traffic.report.place')}</label>
            <select
              id={`${ids}-landmark`}
              {...register('landmark', {
                onChange: (e: { target: { value: string } }) => {
                  const landmark = LANDMARKS.find((l) => l.id === e.target.value);
                  setGeoNote(null);
                  place(landmark ? { via: 'landmark', lat: landmark.lat, lon: landmark.lon } : null);
                  if (landmark) setValue('landmark', landmark.id);
                },
              })}
            >
              <option value="">{t('traffic.report.choosePlace')}</option>
              {LANDMARKS.map((l) => (
                <option key={l.id} value={l.id}>
                  {t(`traffic.landmark.${l.id}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div aria-live="polite">
          {geoNote ? <p className={form.error}>{t(geoNote)}</p> : null}
          {located?.via === 'geo' ? <p>{t('traffic.report.located', { lat: located.lat.toFixed(5), lon: located.lon.toFixed(5) })}</p> : null}
          {located?.via === 'map' ? <p>{t('traffic.report.picked', { lat: located.lat.toFixed(5), lon: located.lon.toFixed(5) })}</p> : null}
        </div>
        <p className={form.hint}>{t('traffic.report.pickOnMap')}</p>
        <CityMap
          label={t('traffic.map.pickLabel')}
          zoom={14}
          onPick={(lat, lon) => {
            setGeoNote(null);
            place({ via: 'map', lat, lon });
          }}
          picked={located}
          unavailableMessage={t('traffic.report.mapUnavailable')}
          className={styles.pickMap}
        />
        {positionError ? (
          <p id={`${ids}-position-error`} role="alert" className={form.error}>
            {message(positionError)}
          </p>
        ) : null}
      </fieldset>

      <div className={form.field}>
        <label htmlFor={`${ids}-street`}>{t('traffic.report.street')}</label>
        <input
          id={`${ids}-street`}
          autoComplete="off"
          aria-invalid={errors.street ? true : undefined}
          aria-describedby={describe(errors.street && `${ids}-street-error`)}
          {...register('street')}
        />
        {errors.street?.message ? (
          <p id={`${ids}-street-error`} role="alert" className={form.error}>
            {message(errors.street.message)}
          </p>
        ) : null}
      </div>

      <div className={form.field}>
        <label htmlFor={`${ids}-photo`}>{t('traffic.report.photo')}</label>
        <input
          id={`${ids}-photo`}
          type="file"
          accept={ACCEPTED.join(',')}
          aria-describedby={describe(photoError && `${ids}-photo-error`)}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            setPhotoError(null);
            if (!file) return;
            if (!ACCEPTED.includes(file.type)) setPhotoError('fieldErrors.not_an_image');
            else if (file.size > MAX_BYTES) setPhotoError('fieldErrors.image_too_large');
            else setPhoto({ file, preview: URL.createObjectURL(file) });
          }}
        />
        {photo ? (
          <div className={styles.photoPreview}>
            <img src={photo.preview} alt={t('traffic.report.photoPreview')} />
            <button
              type="button"
              className={form.secondary}
              onClick={() => {
                setPhoto(null);
              }}
            >
              {t('traffic.report.photoRemove')}
            </button>
          </div>
        ) : null}
        {photoError ? (
          <p id={`${ids}-photo-error`} role="alert" className={form.error}>
            {message(photoError)}
          </p>
        ) : null}
      </div>

      <div className={form.actions}>
        <button type="submit" className={form.primary} disabled={isSubmitting}>
          {isSubmitting ? t('traffic.report.sending') : t('traffic.report.submit')}
        </button>
      </div>
    </form>
  );
}
