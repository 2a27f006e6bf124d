import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Page } from './posts';

/** Shapes and calls of the city news API (docs/api/city.md, "News"). */

export const NEWS_CATEGORIES = ['politique', 'faits_divers', 'sport', 'culture', 'economie', 'transports', 'societe', 'environnement', 'autre'] as const;
export type NewsCategory = (typeof NEWS_CATEGORIES)[number];

/** One source's article, as a story lists them and an article lists its story's others. */
export interface ArticleRef {
  id: string;
  title: string;
  source_id: string;
  source_name: string;
  url: string;
  published_at: string;
}

/** A story: the articles of several sources about one thing, newest first (at least one). */
export interface StoryView {
  id: string;
  title: string;
  summary: string;
  image: string | null;
  category: NewsCategory;
  published_at: string;
  breaking: boolean;
  local: boolean;
  places: string[];
  lead_article_id: string;
  articles: ArticleRef[];
}

export interface ArticleView {
  id: string;
  story_id: string;
  title: string;
  summary: string;
  content: string | null;
  url: string;
  image: string | null;
  author: string | null;
  published_at: string;
  source: { id: string; name: string; homepage: string };
  category: NewsCategory;
  breaking: boolean;
  local: boolean;
  places: string[];
  related: ArticleRef[];
}

export interface NewsFilters {
  category?: string;
  source?: string;
  local?: boolean;
}

export interface NewsCategoryCount {
  code: string;
  count: number;
}

export async function fetchNews(filters: NewsFilters, cursor?: string, limit = 20): Promise<Page<StoryView>> {
  const params = { category: filters.category, source: filters.source, local: filters.local ? 'true' : undefined, limit, cursor };
  return (await api.get<Page<StoryView>>('/news', { params })).data;
}

export async function fetchArticle(id: string): Promise<ArticleView> {
  return (await api.get<ArticleView>(`/news/${encodeURIComponent(id)}`)).data;
}

export async function fetchNewsCategories(): Promise<NewsCategoryCount[]> {
  return (await api.get<{ items: NewsCategoryCount[] }>('/news/categories')).data.items;
}

export async function fetchBreaking(): Promise<StoryView[]> {
  return (await api.get<{ items: StoryView[] }>('/news/breaking')).data.items;
}

export const newsKeys = {
  all: ['news'] as const,
  list: (filters: NewsFilters) => ['news', 'list', filters] as const,
  latest: ['news', 'latest'] as const,
  article: (id: string) => ['news', 'article', id] as const,
  categories: ['news', 'categories'] as const,
  breaking: ['news', 'breaking'] as const,
};

export function useNews(filters: NewsFilters) {
  return useInfiniteQuery({
    queryKey: newsKeys.list(filters),
    queryFn: ({ pageParam }) => fetchNews(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** The newest stories, for the home page. */
export function useLatestNews(limit = 5) {
  return useQuery({ queryKey: newsKeys.latest, queryFn: async () => (await fetchNews({}, undefined, limit)).items, staleTime: 120_000 });
}

export function useArticle(id: string) {
  return useQuery({ queryKey: newsKeys.article(id), queryFn: () => fetchArticle(id) });
}

export function useNewsCategories() {
  return useQuery({ queryKey: newsKeys.categories, queryFn: fetchNewsCategories, staleTime: 600_000 });
}

/** Breaking stories of the last hours, asked again every minute. */
export function useBreakingNews() {
  return useQuery({ queryKey: newsKeys.breaking, queryFn: fetchBreaking, refetchInterval: 60_000, retry: false });
}
