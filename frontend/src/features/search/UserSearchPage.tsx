import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { toProblem } from '../../api/problem';
import { searchPosts } from '../../api/posts';
import { searchUsers } from '../../api/users';
import { PostCard } from '../feed/PostCard';
import { Avatar } from '../../components/Avatar/Avatar';
import formStyles from '../../components/Form/Form.module.css';
import { problemMessage, useMessage } from '../../components/Form/messages';
import listStyles from '../../components/UserList/UserList.module.css';
import { useDebounced } from './useDebounced';

export const SEARCH_DEBOUNCE_MS = 300;

export function UserSearchPage() {
  const { t } = useTranslation();
  const message = useMessage();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<'users' | 'posts'>('users');
  const q = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const results = useQuery({
    queryKey: ['user-search', q],
    queryFn: () => searchUsers(q),
    enabled: q.length > 0 && kind === 'users',
    staleTime: 30_000,
  });
  const posts = useQuery({
    queryKey: ['post-search', q],
    queryFn: () => searchPosts(q),
    enabled: q.length > 0 && kind === 'posts',
    staleTime: 30_000,
  });
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">{t('search.title')}</h1>
      <div className={formStyles.field} role="search">
        <label htmlFor="user-search">{t('search.label')}</label>
        <input
          id="user-search"
          type="search"
          maxLength={100}
          value={text}
          placeholder={t('search.placeholder')}
          onChange={(e) => {
            setText(e.target.value);
          }}
        />
      </div>
      <div role="group" aria-label={t('search.kind')} style={{ display: 'flex', gap: '0.5rem', margin: '0.75rem 0' }}>
        {(['users', 'posts'] as const).map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={kind === k}
            onClick={() => {
              setKind(k);
            }}
          >
            {t(`search.${k}`)}
          </button>
        ))}
      </div>
      {kind === 'posts' ? (
        <div aria-live="polite">
          {q && posts.isFetching ? <p role="status">{t('common.loading')}</p> : null}
          {posts.data?.length === 0 ? <p>{t('search.none', { q })}</p> : null}
          {posts.data?.map((post) => (
            <PostCard key={post.id} post={post} />
          ))}
        </div>
      ) : null}
      <div aria-live="polite" hidden={kind !== 'users'}>
        {q && results.isFetching ? <p role="status">{t('common.loading')}</p> : null}
        {results.isError ? <p role="alert">{message(problemMessage(toProblem(results.error)))}</p> : null}
        {results.data?.length === 0 ? <p>{t('search.none', { q })}</p> : null}
      </div>
      {kind === 'users' && results.data && results.data.length > 0 ? (
        <ul className={listStyles.list} aria-label={t('search.results')}>
          {results.data.map((user) => (
            <li key={user.id} className={listStyles.item}>
              <Link to={`/profile/${user.username}`} className={listStyles.person}>
                <Avatar image={user.avatar} name={user.display_name} />
                <span>
                  <span className={listStyles.name}>{user.display_name}</span>
                  <span className={listStyles.handle}>@{user.username}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
