import { api } from './client';
import type { ProfileSummary } from './types';

export type NotificationKind = 'follow' | 'follow_request' | 'like' | 'comment' | 'mention' | 'share' | 'message' | 'event_reminder' | 'breaking_news' | 'weather_warning' | 'transport_disruption';

export interface NotificationView {
  ids: string[];
  kind: NotificationKind;
  actors: ProfileSummary[];
  actor_count: number;
  post_id: string | null;
  conversation_id?: string | null;
  /** For platform notices (`event_reminder`, `breaking_news`): what they are about; `actors` is empty. */
  subject?: { kind: 'event' | 'article' | 'weather_alert' | 'transit_alert'; id: string; title: string } | null;
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
  if (n.kind === 'event_reminder') return n.subject ? `/events/${encodeURIComponent(n.subject.id)}` : '/events';
  if (n.kind === 'breaking_news') return n.subject ? `/news/${encodeURIComponent(n.subject.id)}` : '/news';
  if (n.kind === 'weather_warning') return '/weather';
  if (n.kind === 'transport_disruption') return '/transport';
  if (n.conversation_id) return `/messages/${n.conversation_id}`;
  if (n.post_id) return `/posts/${n.post_id}`;
  return n.actors[0] ? `/profile/${n.actors[0].username}` : null;
}
