import { api } from './client';
import type { ImageUrls, ProfileSummary } from './types';

export type Visibility = 'public' | 'followers';

export interface Photo extends ImageUrls {
  width: number;
  height: number;
  blurhash: string;
}

export interface PostView {
  id: string;
  author: ProfileSummary;
  text: string;
  photos: Photo[];
  hashtags: string[];
  mentions: string[];
  neighbourhood: string | null;
  visibility: Visibility;
  created_at: string;
  edited_at: string | null;
  counts: { likes: number; comments: number; shares: number };
  liked: boolean;
  shared: PostView | null;
  status: 'visible' | 'held' | 'hidden';
}

export interface CommentView {
  id: string;
  post_id: string;
  author: ProfileSummary;
  text: string;
  created_at: string;
  edited_at: string | null;
  likes: number;
  liked: boolean;
}

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

export type FeedKind = { kind: 'home' } | { kind: 'ranked' } | { kind: 'local'; neighbourhood?: string } | { kind: 'user'; user: string } | { kind: 'hashtag'; tag: string };

export async function fetchFeed(feed: FeedKind, cursor?: string): Promise<Page<PostView>> {
  const params = { limit: 20, cursor };
  switch (feed.kind) {
    case 'home':
      return (await api.get<Page<PostView>>('/feeds/home', { params })).data;
    case 'ranked':
      return (await api.get<Page<PostView>>('/feeds/home', { params: { ...params, mode: 'ranked' } })).data;
    case 'local':
      return (await api.get<Page<PostView>>('/feeds/local', { params: { ...params, neighbourhood: feed.neighbourhood } })).data;
    case 'user':
      return (await api.get<Page<PostView>>(`/users/${encodeURIComponent(feed.user)}/posts`, { params })).data;
    case 'hashtag':
      return (await api.get<Page<PostView>>(`/hashtags/${encodeURIComponent(feed.tag)}`, { params })).data;
  }
}

interface UploadTicket {
  upload_id: string;
  url: string;
  method: string;
  headers: Record<string, string>;
}

/** Uploads one photo straight to storage; the returned id goes into the post's `image_ids`. */
export async function uploadPhoto(file: File): Promise<string> {
  const ticket = (await api.post<UploadTicket>('/posts/photos', { content_type: file.type, size: file.size })).data;
  const stored = await fetch(ticket.url, { method: ticket.method, headers: ticket.headers, body: file });
  if (!stored.ok) {
    throw new Error(`upload refused: ${String(stored.status)}`);
  }
  return ticket.upload_id;
}

export async function createPost(input: { text: string; image_ids: string[]; visibility: Visibility }): Promise<PostView> {
  return (await api.post<PostView>('/posts', input)).data;
}

export async function editPost(id: string, text: string): Promise<PostView> {
  return (await api.put<PostView>(`/posts/${encodeURIComponent(id)}`, { text })).data;
}

export async function deletePost(id: string): Promise<void> {
  await api.delete(`/posts/${encodeURIComponent(id)}`);
}

export async function setPostLike(id: string, on: boolean): Promise<{ liked: boolean; likes: number }> {
  const path = `/posts/${encodeURIComponent(id)}/like`;
  return (await (on ? api.post<{ liked: boolean; likes: number }>(path) : api.delete<{ liked: boolean; likes: number }>(path))).data;
}

export async function sharePost(id: string, text: string): Promise<PostView> {
  return (await api.post<PostView>(`/posts/${encodeURIComponent(id)}/share`, { text })).data;
}

export async function reportPost(id: string, reason: string, details: string): Promise<void> {
  await api.post(`/posts/${encodeURIComponent(id)}/report`, { reason, details });
}

export async function fetchComments(postId: string, cursor?: string): Promise<Page<CommentView>> {
  return (await api.get<Page<CommentView>>(`/posts/${encodeURIComponent(postId)}/comments`, { params: { limit: 20, cursor } })).data;
}

export async function addComment(postId: string, text: string): Promise<CommentView> {
  return (await api.post<CommentView>(`/posts/${encodeURIComponent(postId)}/comments`, { text })).data;
}

export async function deleteComment(id: string): Promise<void> {
  await api.delete(`/comments/${encodeURIComponent(id)}`);
}

export interface TrendingTag {
  tag: string;
  score: number;
  posts: number;
}

export interface Trending {
  computed_at: string | null;
  hashtags: TrendingTag[];
  posts: PostView[];
}

export async function fetchTrending(): Promise<Trending> {
  return (await api.get<Trending>('/trending')).data;
}

export interface Suggestion {
  user: ProfileSummary;
  reasons: string[];
}

export async function fetchSuggestions(): Promise<Suggestion[]> {
  return (await api.get<{ items: Suggestion[] }>('/users/me/suggestions')).data.items;
}

export async function searchPosts(q: string): Promise<PostView[]> {
  return (await api.get<{ items: PostView[] }>('/search/posts', { params: { q, limit: 20 } })).data.items;
}

export interface Report {
  id: string;
  post_id: string;
  reporter_id: string;
  reason: string;
  details: string;
  created_at: string;
  outcome: string | null;
  post: PostView | null;
}

export interface AuditEntry {
  id: string;
  moderator_id: string;
  action: string;
  target: string;
  reason: string;
  at: string;
}

export async function fetchReports(): Promise<Report[]> {
  return (await api.get<{ items: Report[] }>('/moderation/reports', { params: { limit: 50 } })).data.items;
}

export async function resolveReport(id: string, outcome: 'dismissed' | 'hidden' | 'removed'): Promise<void> {
  await api.post(`/moderation/reports/${encodeURIComponent(id)}/resolve`, { outcome });
}

export async function fetchHeld(): Promise<PostView[]> {
  return (await api.get<{ items: PostView[] }>('/moderation/held')).data.items;
}

export async function setPostStatus(id: string, status: 'visible' | 'hidden'): Promise<void> {
  await api.post(`/moderation/posts/${encodeURIComponent(id)}/status`, { status });
}

export async function suspendUser(user: string, days: number | null, reason: string): Promise<void> {
  await api.post(`/moderation/users/${encodeURIComponent(user)}/suspend`, { days, reason });
}

export async function fetchAudit(): Promise<AuditEntry[]> {
  return (await api.get<{ items: AuditEntry[] }>('/moderation/audit', { params: { limit: 50 } })).data.items;
}
