import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Profile } from '../../api/types';
import { follow, setBlocked, setMuted, unfollow } from '../../api/users';
import { useDetailsMenu } from '../../components/Menu/useDetailsMenu';
import styles from './Profile.module.css';

/** Follow / unfollow / cancel request, and block or mute in a small menu. */
export function ProfileActions({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const rel = profile.relationship;
  const { ref: menu, close } = useDetailsMenu();
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['profile'] }),
      client.invalidateQueries({ queryKey: ['profile-list', profile.id] }),
    ]);
  const followMutation = useMutation({
    mutationFn: async () => {
      if (rel?.following || rel?.requested) {
        await unfollow(profile.id);
      } else {
        await follow(profile.id);
      }
    },
    onSettled: refresh,
  });
  const blockMutation = useMutation({ mutationFn: () => setBlocked(profile.id, !rel?.blocking), onSettled: refresh });
  const muteMutation = useMutation({ mutationFn: () => setMuted(profile.id, !rel?.muting), onSettled: refresh });
  if (!rel) return null;

  let followLabel = t('profile.follow');
  if (rel.following) followLabel = t('profile.unfollow');
  else if (rel.requested) followLabel = t('profile.cancelRequest');
  else if (profile.private_account) followLabel = t('profile.requestFollow');

  return (
    <>
      {!rel.blocking ? (
        <button
          type="button"
          className={styles.follow}
          aria-pressed={rel.following || rel.requested}
          disabled={followMutation.isPending}
          onClick={() => {
            followMutation.mutate();
          }}
        >
          {followLabel}
        </button>
      ) : null}
      {rel.requested ? <span role="status">{t('profile.requested')}</span> : null}
      <details ref={menu} className={styles.menu}>
        <summary>{t('profile.more')}</summary>
        <ul>
          <li>
            <button
              type="button"
              onClick={() => {
                close(true);
                muteMutation.mutate();
              }}
            >
              {rel.muting ? t('profile.unmute') : t('profile.mute')}
            </button>
          </li>
          <li>
            <button
              type="button"
              onClick={() => {
                close(true);
                blockMutation.mutate();
              }}
            >
              {rel.blocking ? t('profile.unblock') : t('profile.block')}
            </button>
          </li>
        </ul>
      </details>
    </>
  );
}
