import { api } from './client';
import type { ProfileSummary } from './types';

export interface Presence {
  online: boolean;
  last_seen_at: string | null;
}

export interface MemberView {
  user: ProfileSummary;
  role: 'admin' | 'member';
  presence: Presence;
  last_read: string | null;
}

export interface LastMessage {
  id: string;
  author_id: string;
  preview: string;
  has_image: boolean;
  deleted: boolean;
  created_at: string;
}

export interface ConversationView {
  id: string;
  kind: 'direct' | 'group';
  name: string | null;
  members: MemberView[];
  member_count: number;
  last_message: LastMessage | null;
  unread: number;
  muted: boolean;
  my_role: 'admin' | 'member';
  last_read: string | null;
  created_at: string;
}

export interface MessageView {
  id: string;
  conversation_id: string;
  author_id: string;
  text: string;
  image: { small: string; medium: string; large: string; width: number; height: number } | null;
  created_at: string;
  edited_at: string | null;
  deleted: boolean;
  client_id: string | null;
}

export interface MessagePage {
  items: MessageView[];
  next_cursor: string | null;
  more: boolean;
}

export async function fetchConversations(): Promise<ConversationView[]> {
  return (await api.get<{ items: ConversationView[] }>('/conversations', { params: { limit: 50 } })).data.items;
}

export async function fetchConversation(id: string): Promise<ConversationView> {
  return (await api.get<ConversationView>(`/conversations/${encodeURIComponent(id)}`)).data;
}

export async function openConversation(members: string[], name?: string): Promise<ConversationView> {
  return (await api.post<ConversationView>('/conversations', name ? { members, name } : { members })).data;
}

export async function fetchMessages(id: string, cursor?: string): Promise<MessagePage> {
  return (await api.get<MessagePage>(`/conversations/${encodeURIComponent(id)}/messages`, { params: { limit: 30, cursor } })).data;
}

/** What arrived after `since`, oldest first (a reconnect's resync). */
export async function fetchMessagesSince(id: string, since: string): Promise<MessagePage> {
  return (await api.get<MessagePage>(`/conversations/${encodeURIComponent(id)}/messages`, { params: { since, limit: 100 } })).data;
}

export async function sendMessage(id: string, text: string, clientId: string): Promise<MessageView> {
  return (await api.post<MessageView>(`/conversations/${encodeURIComponent(id)}/messages`, { text, client_id: clientId })).data;
}

export async function markConversationRead(id: string, messageId: string): Promise<void> {
  await api.post(`/conversations/${encodeURIComponent(id)}/read`, { message_id: messageId });
}

export async function fetchTicket(): Promise<{ ticket: string; url: string | null }> {
  return (await api.post<{ ticket: string; url: string | null }>('/ws/ticket', {})).data;
}

export async function searchMessages(q: string): Promise<MessageView[]> {
  return (await api.get<{ items: MessageView[] }>('/conversations/search', { params: { q, limit: 20 } })).data.items;
}

export async function editMessage(id: string, messageId: string, text: string): Promise<MessageView> {
  return (await api.patch<MessageView>(`/conversations/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}`, { text })).data;
}

export async function deleteMessage(id: string, messageId: string): Promise<void> {
  await api.delete(`/conversations/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}`);
}

export async function updateConversation(id: string, change: { name?: string; muted?: boolean }): Promise<ConversationView> {
  return (await api.patch<ConversationView>(`/conversations/${encodeURIComponent(id)}`, change)).data;
}

export async function addMembers(id: string, members: string[]): Promise<ConversationView> {
  return (await api.post<ConversationView>(`/conversations/${encodeURIComponent(id)}/members`, { members })).data;
}

export async function removeMember(id: string, userId: string): Promise<void> {
  await api.delete(`/conversations/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`);
}

export async function leaveConversation(id: string): Promise<void> {
  await api.post(`/conversations/${encodeURIComponent(id)}/leave`, {});
}

export async function deleteForMe(id: string): Promise<void> {
  await api.delete(`/conversations/${encodeURIComponent(id)}`);
}

export async function sendImageMessage(id: string, imageId: string, clientId: string): Promise<MessageView> {
  return (await api.post<MessageView>(`/conversations/${encodeURIComponent(id)}/messages`, { text: '', image_id: imageId, client_id: clientId })).data;
}
