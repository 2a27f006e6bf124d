import { useInfiniteQuery } from '@tanstack/react-query';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchFeed, type FeedKind } from '../../api/posts';
import { toProblem } from '../../api/problem';
import { PostCard } from './PostCard';
import styles from './Feed.module.css';

/**
 * A feed, page after page: the next page loads when the end comes into view (or on the button). Only
 * the cards near the viewport are in the DOM (virtualised), so a long scroll stays light on a phone.
 */
export function FeedList({ feed, empty }: { feed: FeedKind; empty: string }) {
  const { t } = useTranslation();
  const sentinel = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    setOffset(listRef.current?.offsetTop ?? 0);
  }, []);
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

  const posts = query.data?.pages.flatMap((p) => p.items) ?? [];
  const virtualizer = useWindowVirtualizer({
    count: posts.length,
    estimateSize: () => 260,
    overscan: 5,
    scrollMargin: offset,
    getItemKey: (i) => posts[i]?.id ?? i,
  });
  if (query.isPending) return <p role="status">{t('common.loading')}</p>;
  if (query.isError) return <p role="alert">{t(`errors.${toProblem(query.error).code}`)}</p>;
  const rows = virtualizer.getVirtualItems();
  return (
    <div className={styles.feed}>
      {posts.length === 0 ? <p>{empty}</p> : null}
      <div ref={listRef} style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((row) => {
          const post = posts[row.index];
          if (!post) return null;
          return (
            <div
              key={row.key}
              data-index={row.index}
              ref={virtualizer.measureElement}
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${String(row.start - offset)}px)`, paddingBottom: '1rem' }}
            >
              <PostCard post={post} />
            </div>
          );
        })}
      </div>
      <div ref={sentinel} />
      {hasNextPage ? (
        <button type="button" className={styles.more} disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      ) : null}
    </div>
  );
}
