import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addComment, deleteComment, fetchComments } from '../../api/posts';
import { toProblem } from '../../api/problem';
import { useSession } from '../../api/session';
import styles from './Feed.module.css';
import { PostText } from './PostText';
import { visibleLength } from './text';

const MAX = 1000;

export function CommentSection({ postId, postAuthorId, onCountChange }: { postId: string; postAuthorId: string; onCountChange: (delta: number) => void }) {
  const { t } = useTranslation();
  const me = useSession((s) => s.user);
  const client = useQueryClient();
  const inputId = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const comments = useInfiniteQuery({
    queryKey: ['comments', postId],
    queryFn: ({ pageParam }) => fetchComments(postId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const add = useMutation({
    mutationFn: () => addComment(postId, text),
    onSuccess: () => {
      setText('');
      setError(null);
      onCountChange(1);
      void client.invalidateQueries({ queryKey: ['comments', postId] });
    },
    onError: (err) => {
      setError(`errors.${toProblem(err).code}`);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteComment(id),
    onSuccess: () => {
      onCountChange(-1);
      void client.invalidateQueries({ queryKey: ['comments', postId] });
    },
  });
  const items = comments.data?.pages.flatMap((p) => p.items) ?? [];
  const length = visibleLength(text.trim());
  return (
    <section className={styles.comments} aria-label={t('comments.title')}>
      {comments.isPending ? <p role="status">{t('common.loading')}</p> : null}
      <ul>
        {items.map((c) => (
          <li key={c.id}>
            <Link to={`/profile/${c.author.username}`} className={styles.commentAuthor}>
              {c.author.display_name}
            </Link>
            <PostText text={c.text} />
            {me && (me.id === c.author.id || me.id === postAuthorId) ? (
              <button type="button" className={styles.linkButton} onClick={() => { remove.mutate(c.id); }}>
                {t('comments.delete')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {comments.hasNextPage ? (
        <button type="button" className={styles.linkButton} onClick={() => void comments.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      ) : null}
      {me ? (
        <form
          className={styles.commentForm}
          onSubmit={(e) => {
            e.preventDefault();
            if (length > 0 && length <= MAX) add.mutate();
          }}
        >
          <label htmlFor={inputId} className={styles.visuallyHidden}>
            {t('comments.label')}
          </label>
          <input
            id={inputId}
            value={text}
            maxLength={4000}
            placeholder={t('comments.placeholder')}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
          <button type="submit" disabled={add.isPending || length === 0 || length > MAX}>
            {t('comments.send')}
          </button>
          {error ? <p role="alert">{t(error)}</p> : null}
        </form>
      ) : null}
    </section>
  );
}
