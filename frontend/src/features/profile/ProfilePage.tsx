import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { toProblem } from '../../api/problem';
import { useSession } from '../../api/session';
import { fetchProfile, fetchUserList, type UserList as ListKind } from '../../api/users';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { UserList } from '../../components/UserList/UserList';
import { FeedList } from '../feed/FeedList';
import styles from './Profile.module.css';
import { ProfileActions } from './ProfileActions';
import { ProfileHeader } from './ProfileHeader';

export function ProfilePage() {
  const { t } = useTranslation();
  const message = useMessage();
  const { name = '' } = useParams();
  const me = useSession((s) => s.user);
  const signedIn = useSession((s) => s.status === 'signedIn');
  const [tab, setTab] = useState<ListKind | 'posts'>('posts');
  const profile = useQuery({
    queryKey: ['profile', name, signedIn],
    queryFn: () => fetchProfile(name),
    retry: false,
  });

  if (profile.isPending) return <p role="status">{t('common.loading')}</p>;
  if (profile.isError) {
    const problem = toProblem(profile.error);
    return (
      <section>
        <h1>{problem.status === 404 ? t('profile.notFound') : message(problemMessage(problem))}</h1>
        <Link to="/">{t('notFound.back')}</Link>
      </section>
    );
  }
  const user = profile.data;
  const isMe = me?.id === user.id;
  const canSeeLists = isMe || !user.private_account || user.relationship?.following === true;

  return (
    <section>
      <ProfileHeader
        profile={user}
        actions={
          isMe ? (
            <Link to="/settings/profile" className={styles.follow}>
              {t('profile.edit')}
            </Link>
          ) : signedIn ? (
            <ProfileActions profile={user} />
          ) : null
        }
      />
      {canSeeLists ? (
        <>
          <div className={styles.tabs}>
            {(['posts', 'followers', 'following'] as const).map((kind) => (
              <button
                key={kind}
                type="button"
                aria-pressed={tab === kind}
                onClick={() => {
                  setTab(kind);
                }}
              >
                {t(`profile.${kind}`)}
              </button>
            ))}
          </div>
          {tab === 'posts' ? (
            <FeedList feed={{ kind: 'user', user: user.id }} empty={t('profile.empty.posts')} />
          ) : (
            <UserList
              key={tab}
              queryKey={['profile-list', user.id, tab]}
              fetchPage={(cursor) => fetchUserList(user.id, tab, cursor)}
              label={t(`profile.${tab}`)}
              empty={t(`profile.empty.${tab}`)}
            />
          )}
        </>
      ) : (
        <p>{t('profile.privateLists')}</p>
      )}
    </section>
  );
}
