import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { answerFollowRequest, fetchOwnList, setBlocked, setMuted } from '../../api/users';
import { UserList } from '../../components/UserList/UserList';
import formStyles from '../../components/Form/Form.module.css';
import styles from './Settings.module.css';

/** Blocked and muted residents, and pending follow requests, with the buttons to undo each. */
export function BlockedPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const refresh = (list: string) => () => client.invalidateQueries({ queryKey: ['own-list', list] });
  return (
    <section aria-labelledby="blocked-title" className={styles.page}>
      <h1 id="blocked-title">{t('settings.blocked.title')}</h1>
      <h2>{t('settings.requests.title')}</h2>
      <UserList
        queryKey={['own-list', 'follow-requests']}
        fetchPage={(cursor) => fetchOwnList('follow-requests', cursor)}
        label={t('settings.requests.title')}
        empty={t('settings.requests.empty')}
        actions={(user) => (
          <>
            <button
              type="button"
              className={formStyles.primary}
              onClick={() => void answerFollowRequest(user.id, true).then(refresh('follow-requests'))}
            >
              {t('settings.requests.accept', { name: user.display_name })}
            </button>
            <button
              type="button"
              className={formStyles.secondary}
              onClick={() => void answerFollowRequest(user.id, false).then(refresh('follow-requests'))}
            >
              {t('settings.requests.reject', { name: user.display_name })}
            </button>
          </>
        )}
      />
      <h2>{t('settings.blocked.blocks')}</h2>
      <UserList
        queryKey={['own-list', 'blocks']}
        fetchPage={(cursor) => fetchOwnList('blocks', cursor)}
        label={t('settings.blocked.blocks')}
        empty={t('settings.blocked.noBlocks')}
        actions={(user) => (
          <button type="button" className={formStyles.secondary} onClick={() => void setBlocked(user.id, false).then(refresh('blocks'))}>
            {t('settings.blocked.unblock', { name: user.display_name })}
          </button>
        )}
      />
      <h2>{t('settings.blocked.mutes')}</h2>
      <UserList
        queryKey={['own-list', 'mutes']}
        fetchPage={(cursor) => fetchOwnList('mutes', cursor)}
        label={t('settings.blocked.mutes')}
        empty={t('settings.blocked.noMutes')}
        actions={(user) => (
          <button type="button" className={formStyles.secondary} onClick={() => void setMuted(user.id, false).then(refresh('mutes'))}>
            {t('settings.blocked.unmute', { name: user.display_name })}
          </button>
        )}
      />
    </section>
  );
}
