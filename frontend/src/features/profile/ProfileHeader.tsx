import { useTranslation } from 'react-i18next';
import type { Profile } from '../../api/types';
import { Avatar } from '../../components/Avatar/Avatar';
import styles from './Profile.module.css';
import { useNeighbourhoodName } from './useNeighbourhoods';

interface ProfileHeaderProps {
  profile: Profile;
  actions?: React.ReactNode;
}

/** Cover, picture, names, bio, neighbourhood and counts of a resident. */
export function ProfileHeader({ profile, actions }: ProfileHeaderProps) {
  const { t } = useTranslation();
  const neighbourhood = useNeighbourhoodName(profile.neighbourhood);
  return (
    <header className={styles.header}>
      <div className={styles.cover}>{profile.cover ? <img src={profile.cover.medium} alt="" /> : null}</div>
      <div className={styles.identity}>
        <Avatar image={profile.avatar} name={profile.display_name} size="large" />
        <div className={styles.names}>
          <h1>{profile.display_name}</h1>
          <p className={styles.handle}>
            @{profile.username}
            {profile.private_account ? <span className={styles.badge}>{t('profile.private')}</span> : null}
            {profile.relationship?.followed_by ? <span className={styles.badge}>{t('profile.followsYou')}</span> : null}
          </p>
        </div>
        {actions ? <div className={styles.actions}>{actions}</div> : null}
      </div>
      {profile.bio ? <p className={styles.bio}>{profile.bio}</p> : null}
      {neighbourhood ? <p>{t('profile.livesIn', { place: neighbourhood })}</p> : null}
      {profile.interests.length > 0 ? (
        <ul className={styles.interests} aria-label={t('profile.interests')}>
          {profile.interests.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      ) : null}
      <dl className={styles.counts}>
        <div>
          <dt>{t('profile.followers')}</dt>
          <dd>{profile.counts.followers}</dd>
        </div>
        <div>
          <dt>{t('profile.following')}</dt>
          <dd>{profile.counts.following}</dd>
        </div>
        <div>
          <dt>{t('profile.posts')}</dt>
          <dd>{profile.counts.posts}</dd>
        </div>
      </dl>
    </header>
  );
}
