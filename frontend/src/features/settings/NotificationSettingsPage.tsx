import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { CHANNELS, KINDS, fetchPreferences, savePreferences, type Preferences } from '../../api/notificationPrefs';
import { toProblem } from '../../api/problem';
import { FormAlert } from '../../components/Form/Field';
import formStyles from '../../components/Form/Form.module.css';
import { disablePush, enablePush, pushState, type PushState } from './browserPush';
import styles from './Settings.module.css';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time');
const schema = z
  .object({ quiet: z.boolean(), start: z.string(), end: z.string() })
  .superRefine((v, ctx) => {
    if (!v.quiet) return;
    if (!time.safeParse(v.start).success) ctx.addIssue({ code: 'custom', path: ['start'], message: 'time' });
    if (!time.safeParse(v.end).success) ctx.addIssue({ code: 'custom', path: ['end'], message: 'time' });
  });
type Quiet = z.infer<typeof schema>;

/** Which notifications arrive where (app, e-mail digest, browser) and the quiet hours. */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const prefs = useQuery({ queryKey: ['notification-preferences'], queryFn: fetchPreferences });
  return (
    <section aria-labelledby="notif-settings-title" className={styles.page}>
      <p>
        <Link to="/settings">{t('notificationPrefs.back')}</Link>
      </p>
      <h1 id="notif-settings-title">{t('notificationPrefs.title')}</h1>
      {prefs.data ? <PreferencesForm initial={prefs.data} /> : <p role="status">{t('common.loading')}</p>}
      <BrowserPush />
    </section>
  );
}

function PreferencesForm({ initial }: { initial: Preferences }) {
  const { t } = useTranslation();
  const [channels, setChannels] = useState<Preferences>(initial);
  const { register, handleSubmit, control, formState } = useForm<Quiet>({
    resolver: zodResolver(schema),
    defaultValues: { quiet: initial.quiet_hours !== null, start: initial.quiet_hours?.start ?? '22:00', end: initial.quiet_hours?.end ?? '07:00' },
  });
  const save = useMutation({ mutationFn: savePreferences });
  const quiet = useWatch({ control, name: 'quiet' });
  const serverErrors = save.error ? (toProblem(save.error).errors ?? []) : [];
  return (
    <form
      noValidate
      onSubmit={(e) =>
        void handleSubmit((q) => {
          save.mutate({ ...channels, quiet_hours: q.quiet ? { start: q.start, end: q.end } : null });
        })(e)
      }
    >
      <table className={styles.grid}>
        <caption>{t('notificationPrefs.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('notificationPrefs.kindHeader')}</th>
            {CHANNELS.map((c) => (
              <th key={c} scope="col">
                {t(`notificationPrefs.channel.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {KINDS.map((k) => (
            <tr key={k}>
              <th scope="row">{t(`notificationPrefs.kind.${k}`)}</th>
              {CHANNELS.map((c) => (
                <td key={c}>
                  <input
                    type="checkbox"
                    aria-label={`${t(`notificationPrefs.kind.${k}`)} : ${t(`notificationPrefs.channel.${c}`)}`}
                    checked={channels[k][c]}
                    onChange={(e) => {
                      const on = e.target.checked;
                      setChannels((p) => ({ ...p, [k]: { ...p[k], [c]: on } }));
                    }}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset className={styles.group}>
        <legend>{t('notificationPrefs.quiet.title')}</legend>
        <p>{t('notificationPrefs.quiet.hint')}</p>
        <div className={formStyles.checkbox}>
          <input id="quiet-on" type="checkbox" {...register('quiet')} />
          <label htmlFor="quiet-on">{t('notificationPrefs.quiet.enable')}</label>
        </div>
        {quiet ? (
          <div className={styles.times}>
            <label htmlFor="quiet-start">{t('notificationPrefs.quiet.start')}</label>
            <input id="quiet-start" type="text" inputMode="numeric" placeholder="22:00" aria-invalid={Boolean(formState.errors.start)} {...register('start')} />
            <label htmlFor="quiet-end">{t('notificationPrefs.quiet.end')}</label>
            <input id="quiet-end" type="text" inputMode="numeric" placeholder="07:00" aria-invalid={Boolean(formState.errors.end)} {...register('end')} />
          </div>
        ) : null}
        {formState.errors.start || formState.errors.end ? <FormAlert>{t('notificationPrefs.quiet.invalid')}</FormAlert> : null}
        {serverErrors.length > 0 ? <FormAlert>{t('notificationPrefs.quiet.invalid')}</FormAlert> : null}
      </fieldset>
      <button type="submit" className={formStyles.primary} disabled={save.isPending}>
        {t('notificationPrefs.save')}
      </button>
      <div role="status" aria-live="polite">
        {save.isSuccess ? t('notificationPrefs.saved') : null}
        {save.isError && serverErrors.length === 0 ? t('notificationPrefs.failed') : null}
      </div>
    </form>
  );
}

function BrowserPush() {
  const { t } = useTranslation();
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void pushState()
      .then(setState)
      .catch(() => {
        setState('unsupported');
      });
  }, []);
  const run = (action: () => Promise<PushState>) => {
    setBusy(true);
    void action()
      .then(setState)
      .catch(() => {
        setState('off');
      })
      .finally(() => {
        setBusy(false);
      });
  };
  return (
    <fieldset className={styles.group}>
      <legend>{t('notificationPrefs.push.title')}</legend>
      <p role="status">{state ? t(`notificationPrefs.push.state.${state}`) : t('common.loading')}</p>
      {state === 'off' ? (
        <button type="button" className={formStyles.secondary} disabled={busy} onClick={() => { run(enablePush); }}>
          {t('notificationPrefs.push.enable')}
        </button>
      ) : null}
      {state === 'on' ? (
        <button type="button" className={formStyles.secondary} disabled={busy} onClick={() => { run(disablePush); }}>
          {t('notificationPrefs.push.disable')}
        </button>
      ) : null}
    </fieldset>
  );
}
