import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import type { PostView } from '../../api/posts';
import { toProblem } from '../../api/problem';
import { PostCard } from './PostCard';

/** One post on its own page (links from notifications). */
export function PostPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const post = useQuery({ queryKey: ['post', id], queryFn: async () => (await api.get<PostView>(`/posts/${encodeURIComponent(id)}`)).data,
    retry: false,
    // Like and comment counts stay current while the post is on screen (a hidden tab does not poll).
    refetchInterval: 30_000,
  });
  if (post.isPending) return <p role="status">{t('common.loading')}</p>;
  if (post.isError) return <p role="alert">{t(`errors.${toProblem(post.error).code}`)}</p>;
  return (
    <section aria-label={t('post.single')}>
      <PostCard post={post.data} />
    </section>
  );
}
