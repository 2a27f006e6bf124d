import { api } from './client';
import type { ProfileSummary } from './types';

export type NotificationKind = 'follow' | 'follow_request' | 'like' | 'comment' | 'mention' | 'share' | 'message' | 'event_reminder' | 'breaking_news';

export interface NotificationView {
  ids: string[];
  kind: NotificationKind;
  actors: ProfileSummary[];
  actor_count: number;
  post_id: string | null;
  conversation_id?: string | null;
  /** For `event_reminder` and `breaking_news`, if the server names what they are about (not in the contract yet). */
  event_id?: string | null;
  article_id?: string | null;
  created_at: string;
  read: boolean;
}

export async function fetchNotifications(cursor?: string): Promise<{ items: NotificationView[]; next_cursor?: string | null }> {
  return (await api.get<{ items: NotificationView[]; next_cursor?: string | null }>('/notifications', { params: { limit: 30, cursor } })).data;
}

export async function fetchUnread(): Promise<number> {
  return (await api.get<{ unread: number }>('/notifications/unread')).data.unread;
}

export async function markRead(ids?: string[]): Promise<void> {
  await api.post('/notifications/read', ids ? { ids } : {});
}

/** Where a notification leads. */
export function notificationTarget(n: NotificationView): string | null {
  if (n.kind === 'event_reminder') return n.event_id ? `/events/${encodeURIComponent(n.event_id)}` : '/events';
  if (n.kind === 'breaking_news') return n.article_id ? `/news/${encodeURIComponent(n.article_id)}` : '/news';
  if (n.conversation_id) return `/messages/${n.conversation_id}`;
  if (n.post_id) return `/posts/${n.post_id}`;
  return n.actors[0] ? `/profile/${n.actors[0].username}` : null;
}
