import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { toProblem } from '../../api/problem';
import { useSession } from '../../api/session';
import type { Me, WhoCanMessage } from '../../api/types';
import { requestExport, updateSettings, type SettingsEdit } from '../../api/users';
import { FormAlert } from '../../components/Form/Field';
import formStyles from '../../components/Form/Form.module.css';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { useLanguage } from '../../stores/language';
import { ChangePasswordForm } from './ChangePasswordForm';
import { DeleteAccount } from './DeleteAccount';
import styles from './Settings.module.css';

export function SettingsPage() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  if (!user) return <p role="status">{t('common.loading')}</p>;
  return (
    <section aria-labelledby="settings-title" className={styles.page}>
      <h1 id="settings-title">{t('settings.title')}</h1>
      <nav aria-label={t('settings.sections')} className={styles.links}>
        <Link to="/settings/profile">{t('settings.profile.title')}</Link>
        <Link to="/settings/blocked">{t('settings.blocked.title')}</Link>
        <Link to="/settings/notifications">{t('notificationPrefs.title')}</Link>
      </nav>
      <PrivacySettings user={user} />
      <ChangePasswordForm />
      <ExportData />
      <DeleteAccount />
    </section>
  );
}

function PrivacySettings({ user }: { user: Me }) {
  const { t } = useTranslation();
  const message = useMessage();
  const setUser = useSession((s) => s.setUser);
  const setLang = useLanguage((s) => s.setLang);
  const save = useMutation({
    mutationFn: (edit: SettingsEdit) => updateSettings(edit),
    onSuccess: (me) => {
      setUser(me);
      setLang(me.settings.language);
    },
  });
  const s = user.settings;
  return (
    <fieldset className={styles.group}>
      <legend>{t('settings.privacy.title')}</legend>
      <div className={formStyles.checkbox}>
        <input
          id="settings-private"
          type="checkbox"
          checked={s.private_account}
          onChange={(e) => {
            save.mutate({ private_account: e.target.checked });
          }}
        />
        <label htmlFor="settings-private">{t('settings.privacy.private')}</label>
      </div>
      <div className={formStyles.checkbox}>
        <input
          id="settings-presence"
          type="checkbox"
          checked={s.show_presence}
          onChange={(e) => {
            save.mutate({ show_presence: e.target.checked });
          }}
        />
        <label htmlFor="settings-presence">{t('settings.privacy.presence')}</label>
      </div>
      <div className={formStyles.field}>
        <label htmlFor="settings-messages">{t('settings.privacy.whoCanMessage')}</label>
        <select
          id="settings-messages"
          value={s.who_can_message}
          onChange={(e) => {
            save.mutate({ who_can_message: e.target.value as WhoCanMessage });
          }}
        >
          <option value="everyone">{t('settings.privacy.everyone')}</option>
          <option value="followers">{t('settings.privacy.followers')}</option>
          <option value="nobody">{t('settings.privacy.nobody')}</option>
        </select>
      </div>
      <div className={formStyles.field}>
        <label htmlFor="settings-language">{t('auth.fields.language')}</label>
        <select
          id="settings-language"
          value={s.language}
          onChange={(e) => {
            save.mutate({ language: e.target.value === 'en' ? 'en' : 'fr' });
          }}
        >
          <option value="fr">Français</option>
          <option value="en">English</option>
        </select>
      </div>
      {save.isSuccess ? <p role="status">{t('settings.saved')}</p> : null}
      {save.isError ? <FormAlert>{message(problemMessage(toProblem(save.error)))}</FormAlert> : null}
    </fieldset>
  );
}

function ExportData() {
  const { t } = useTranslation();
  const message = useMessage();
  // The archive opens from the link once it is ready, not by itself: a window opened after an await
  // is no longer the click's, and popup blockers (Safari, Firefox) stop it.
  const exportMutation = useMutation({ mutationFn: requestExport });
  return (
    <section className={styles.group} aria-labelledby="export-title">
      <h2 id="export-title">{t('settings.export.title')}</h2>
      <p>{t('settings.export.intro')}</p>
      <button
        type="button"
        className={formStyles.secondary}
        disabled={exportMutation.isPending}
        onClick={() => {
          exportMutation.mutate();
        }}
      >
        {t('settings.export.button')}
      </button>
      {exportMutation.data ? (
        <p role="status">
          <a href={exportMutation.data.url} target="_blank" rel="noopener noreferrer">
            {t('settings.export.download')}
          </a>
        </p>
      ) : null}
      {exportMutation.isError ? <FormAlert>{message(problemMessage(toProblem(exportMutation.error)))}</FormAlert> : null}
    </section>
  );
}
