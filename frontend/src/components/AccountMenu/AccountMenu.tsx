import { useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchUnread } from '../../api/notifications';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { logout } from '../../api/auth';
import { useSession } from '../../api/session';
import { NotificationsPeek } from '../../features/notifications/NotificationsPeek';
import { Avatar } from '../Avatar/Avatar';
import { useDetailsMenu } from '../Menu/useDetailsMenu';
import styles from './AccountMenu.module.css';

/** Sign-in links for visitors; for residents, their picture and a menu (profile, settings, sign out). */
export function AccountMenu() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const status = useSession((s) => s.status);
  const user = useSession((s) => s.user);
  const client = useQueryClient();
  const { ref: menu, close } = useDetailsMenu();
  const closeMenu = () => {
    close();
  };
  const unread = useQuery({
    queryKey: ['unread'],
    queryFn: fetchUnread,
    enabled: status === 'signedIn',
    refetchInterval: 60_000,
  });
  if (status !== 'signedIn' || !user) {
    return (
      <div className={styles.guest}>
        <Link to="/login">{t('account.login')}</Link>
        <Link to="/register" className={styles.register}>
          {t('account.register')}
        </Link>
      </div>
    );
  }
  const count = unread.data ?? 0;
  return (
    <div className={styles.signedIn}>
    <Link to="/notifications" className={styles.bell} aria-label={t('notifications.badge', { count })}>
      <span aria-hidden="true">🔔</span>
      {count > 0 ? <span className={styles.badge} aria-hidden="true">{count > 99 ? '99+' : count}</span> : null}
    </Link>
    <NotificationsPeek />
    <details ref={menu} className={styles.menu}>
      <summary aria-label={t('account.menu', { name: user.display_name })}>
        <Avatar image={user.avatar} name={user.display_name} />
        <span className={styles.name}>{user.display_name}</span>
      </summary>
      <ul>
        <li>
          <Link to={`/profile/${user.username}`} onClick={closeMenu}>
            {t('account.profile')}
          </Link>
        </li>
        <li>
          <Link to="/settings" onClick={closeMenu}>
            {t('account.settings')}
          </Link>
        </li>
        {user.role !== 'resident' ? (
          <li>
            <Link to="/moderation" onClick={closeMenu}>
              {t('account.moderation')}
            </Link>
          </li>
        ) : null}
        {user.role === 'admin' ? (
          <li>
            <Link to="/admin/sources" onClick={closeMenu}>
              {t('account.sources')}
            </Link>
          </li>
        ) : null}
        <li>
          <button
            type="button"
            onClick={() => {
              close();
              // Whatever the server answers (even nothing: offline), the session ends here and nothing
              // loaded for it stays. `logout` has already forgotten the token; its failure is not news.
              void logout()
                .catch(() => undefined)
                .finally(() => {
                  client.clear();
                  void navigate('/');
                });
            }}
          >
            {t('account.logout')}
          </button>
        </li>
      </ul>
    </details>
    </div>
  );
}
