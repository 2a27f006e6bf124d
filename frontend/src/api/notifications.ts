import { api } from './client';
import type { ProfileSummary } from './types';

export type NotificationKind = 'follow' | 'follow_request' | 'like' | 'comment' | 'mention' | 'share' | 'message';

export interface NotificationView {
  ids: string[];
  kind: NotificationKind;
  actors: ProfileSummary[];
  actor_count: number;
  post_id: string | null;
  conversation_id?: string | null;
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
