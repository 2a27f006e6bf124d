import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchNotifications, markRead, notificationTarget, type NotificationView } from '../../api/notifications';
import { toProblem } from '../../api/problem';
import { Avatar } from '../../components/Avatar/Avatar';
import formStyles from '../../components/Form/Form.module.css';

/** "Alice", "Alice and Bob", "Alice and 12 others": who is behind a (grouped) notification. */
export function useWho() {
  const { t } = useTranslation();
  return (n: NotificationView) => {
    const first = n.actors[0]?.display_name ?? '';
    if (n.actor_count <= 1) return first;
    if (n.actor_count === 2) return t('notifications.two', { first, second: n.actors[1]?.display_name ?? '' });
    return t('notifications.many', { first, count: n.actor_count - 1 });
  };
}

export function NotificationsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const who = useWho();
  const query = useInfiniteQuery({
    queryKey: ['notifications'],
    queryFn: ({ pageParam }) => fetchNotifications(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const readAll = useMutation({
    mutationFn: () => markRead(),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['notifications'] });
      void client.invalidateQueries({ queryKey: ['unread'] });
    },
  });
  if (query.isPending) return <p role="status">{t('common.loading')}</p>;
  if (query.isError) return <p role="alert">{t(`errors.${toProblem(query.error).code}`)}</p>;
  const items = query.data.pages.flatMap((p) => p.items);
  return (
    <section aria-labelledby="notifications-title">
      <h1 id="notifications-title">{t('notifications.title')}</h1>
      <button type="button" className={formStyles.secondary} onClick={() => { readAll.mutate(); }}>
        {t('notifications.readAll')}
      </button>
      {items.length === 0 ? <p>{t('notifications.none')}</p> : null}
      <ul style={{ listStyle: 'none', padding: 0, display: 'grid', gap: '0.75rem' }}>
        {items.map((n) => {
          const to = notificationTarget(n);
          return (
            <li key={n.ids[0]} style={{ display: 'flex', gap: '0.6rem', alignItems: 'center', fontWeight: n.read ? 400 : 700 }}>
              {n.actors[0] ? <Avatar image={n.actors[0].avatar} name={n.actors[0].display_name} /> : null}
              <span>
                {t(`notifications.kind.${n.kind}`, { who: who(n), count: Math.max(n.actor_count, 1), title: n.subject?.title ?? '' })}{' '}
                {to ? <Link to={to}>{t('notifications.see')}</Link> : null}
              </span>
            </li>
          );
        })}
      </ul>
      {query.hasNextPage ? (
        <button type="button" className={formStyles.secondary} onClick={() => void query.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      ) : null}
    </section>
  );
}
