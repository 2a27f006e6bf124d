import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchNotifications, notificationTarget, type NotificationView } from '../../api/notifications';
import { useDetailsMenu } from '../../components/Menu/useDetailsMenu';
import { useWho } from './NotificationsPage';
import styles from './NotificationsPeek.module.css';

function target(n: NotificationView): string {
  return notificationTarget(n) ?? '/notifications';
}

/** The bell's dropdown: the five newest notifications, loaded when opened, kept fresh by live frames. */
export function NotificationsPeek() {
  const { t } = useTranslation();
  const who = useWho();
  const { ref, close } = useDetailsMenu();
  const recent = useQuery({ queryKey: ['notifications', 'peek'], queryFn: () => fetchNotifications() });
  const items = (recent.data?.items ?? []).slice(0, 5);
  return (
    <details ref={ref} className={styles.peek}>
      <summary aria-label={t('notifications.peek')}>
        <span aria-hidden="true">▾</span>
      </summary>
      <div className={styles.panel}>
        {items.length === 0 ? <p>{t('notifications.none')}</p> : null}
        <ul>
          {items.map((n) => (
            <li key={n.ids[0]} className={n.read ? undefined : styles.unread}>
              <Link to={target(n)} onClick={() => { close(); }}>
                {t(`notifications.kind.${n.kind}`, { who: who(n), count: Math.max(n.actor_count, 1), title: n.subject?.title ?? '' })}
              </Link>
            </li>
          ))}
        </ul>
        <Link to="/notifications" onClick={() => { close(); }} className={styles.all}>
          {t('notifications.all')}
        </Link>
      </div>
    </details>
  );
}
