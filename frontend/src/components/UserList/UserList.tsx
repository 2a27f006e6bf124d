import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { toProblem } from '../../api/problem';
import type { ProfileSummary, SummaryPage } from '../../api/types';
import { Avatar } from '../Avatar/Avatar';
import { problemMessage, useMessage } from '../Form/messages';
import styles from './UserList.module.css';

interface UserListProps {
  queryKey: readonly unknown[];
  fetchPage: (cursor?: string) => Promise<SummaryPage>;
  label: string;
  empty: string;
  /** Buttons shown beside each resident (unblock, accept...). */
  actions?: (user: ProfileSummary) => ReactNode;
}

/** A list of residents, a page at a time with "load more" (cursor pagination). */
export function UserList({ queryKey, fetchPage, label, empty, actions }: UserListProps) {
  const { t } = useTranslation();
  const message = useMessage();
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  if (query.isPending) return <p role="status">{t('common.loading')}</p>;
  if (query.isError) return <p role="alert">{message(problemMessage(toProblem(query.error)))}</p>;
  const users = query.data.pages.flatMap((p) => p.items);
  return (
    <div>
      {users.length === 0 ? <p>{empty}</p> : null}
      <ul className={styles.list} aria-label={label}>
        {users.map((user) => (
          <li key={user.id} className={styles.item}>
            <Link to={`/profile/${user.username}`} className={styles.person}>
              <Avatar image={user.avatar} name={user.display_name} />
              <span>
                <span className={styles.name}>{user.display_name}</span>
                <span className={styles.handle}>@{user.username}</span>
              </span>
            </Link>
            {actions ? <span className={styles.actions}>{actions(user)}</span> : null}
          </li>
        ))}
      </ul>
      {query.hasNextPage ? (
        <button
          type="button"
          className={styles.more}
          disabled={query.isFetchingNextPage}
          onClick={() => {
            void query.fetchNextPage();
          }}
        >
          {t('common.loadMore')}
        </button>
      ) : null}
    </div>
  );
}
