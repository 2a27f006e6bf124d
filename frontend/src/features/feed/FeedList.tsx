import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchFeed, type FeedKind } from '../../api/posts';
import { toProblem } from '../../api/problem';
import { PostCard } from './PostCard';
import styles from './Feed.module.css';

/** A feed, page after page: the next page loads when the end comes into view (or on the button). */
export function FeedList({ feed, empty }: { feed: FeedKind; empty: string }) {
  const { t } = useTranslation();
  const sentinel = useRef<HTMLDivElement>(null);
  const query = useInfiniteQuery({
    queryKey: ['feed', feed],
    queryFn: ({ pageParam }) => fetchFeed(feed, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const node = sentinel.current;
    if (!node || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && hasNextPage && !isFetchingNextPage) {
        void fetchNextPage();
      }
    });
    observer.observe(node);
    return () => {
      observer.disconnect();
    };
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (query.isPending) return <p role="status">{t('common.loading')}</p>;
  if (query.isError) return <p role="alert">{t(`errors.${toProblem(query.error).code}`)}</p>;
  const posts = query.data.pages.flatMap((p) => p.items);
  return (
    <div className={styles.feed}>
      {posts.length === 0 ? <p>{empty}</p> : null}
      {posts.map((post) => (
        <PostCard key={post.id} post={post} />
      ))}
      <div ref={sentinel} />
      {hasNextPage ? (
        <button type="button" className={styles.more} disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      ) : null}
    </div>
  );
}
