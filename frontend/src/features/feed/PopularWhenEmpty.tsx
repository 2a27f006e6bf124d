import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchFeed, fetchTrending } from '../../api/posts';
import { PostCard } from './PostCard';

/** For a newcomer whose home feed is still empty: the posts Rouen is talking about. */
export function PopularWhenEmpty() {
  const { t } = useTranslation();
  const home = useQuery({ queryKey: ['feed', { kind: 'home' }, 'probe'], queryFn: () => fetchFeed({ kind: 'home' }) });
  const empty = home.data?.items.length === 0;
  const trending = useQuery({ queryKey: ['trending'], queryFn: fetchTrending, enabled: empty, staleTime: 60_000 });
  if (!empty || !trending.data || trending.data.posts.length === 0) return null;
  return (
    <section aria-labelledby="popular-title">
      <h2 id="popular-title">{t('feed.popular')}</h2>
      {trending.data.posts.map((post) => (
        <PostCard key={post.id} post={post} />
      ))}
    </section>
  );
}
