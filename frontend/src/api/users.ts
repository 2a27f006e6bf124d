import { api } from './client';
import type { Language, Me, Neighbourhood, Profile, ProfileSummary, SummaryPage, WhoCanMessage } from './types';

export async function fetchMe(): Promise<Me> {
  return (await api.get<Me>('/users/me')).data;
}

export interface ProfileEdit {
  username?: string;
  display_name?: string;
  bio?: string;
  neighbourhood?: string | null;
  interests?: string[];
  language?: Language;
}

export async function updateMe(edit: ProfileEdit): Promise<Me> {
  return (await api.put<Me>('/users/me', edit)).data;
}

export interface SettingsEdit {
  private_account?: boolean;
  who_can_message?: WhoCanMessage;
  show_presence?: boolean;
  language?: Language;
}

export async function updateSettings(edit: SettingsEdit): Promise<Me> {
  return (await api.put<Me>('/users/me/settings', edit)).data;
}

export async function fetchProfile(idOrUsername: string): Promise<Profile> {
  return (await api.get<Profile>(`/users/${encodeURIComponent(idOrUsername)}`)).data;
}

export type UserList = 'followers' | 'following';

export async function fetchUserList(idOrUsername: string, list: UserList, cursor?: string): Promise<SummaryPage> {
  return (
    await api.get<SummaryPage>(`/users/${encodeURIComponent(idOrUsername)}/${list}`, {
      params: { limit: 20, cursor },
    })
  ).data;
}

export type OwnList = 'blocks' | 'mutes' | 'follow-requests';

export async function fetchOwnList(list: OwnList, cursor?: string): Promise<SummaryPage> {
  return (await api.get<SummaryPage>(`/users/me/${list}`, { params: { limit: 20, cursor } })).data;
}

export async function follow(id: string): Promise<'following' | 'requested'> {
  return (await api.post<{ state: 'following' | 'requested' }>(`/users/${encodeURIComponent(id)}/follow`)).data.state;
}

export async function unfollow(id: string): Promise<void> {
  await api.delete(`/users/${encodeURIComponent(id)}/follow`);
}

export async function setBlocked(id: string, on: boolean): Promise<void> {
  const path = `/users/${encodeURIComponent(id)}/block`;
  await (on ? api.post(path) : api.delete(path));
}

export async function setMuted(id: string, on: boolean): Promise<void> {
  const path = `/users/${encodeURIComponent(id)}/mute`;
  await (on ? api.post(path) : api.delete(path));
}

export async function answerFollowRequest(id: string, accept: boolean): Promise<void> {
  await api.post(`/users/me/follow-requests/${encodeURIComponent(id)}/${accept ? 'accept' : 'reject'}`);
}

export async function searchUsers(q: string): Promise<ProfileSummary[]> {
  return (await api.get<{ items: ProfileSummary[] }>('/users/search', { params: { q, limit: 20 } })).data.items;
}

export async function fetchNeighbourhoods(): Promise<Neighbourhood[]> {
  return (await api.get<{ items: Neighbourhood[] }>('/neighbourhoods')).data.items;
}

export type ImageKind = 'avatar' | 'cover';

interface UploadTicket {
  upload_id: string;
  url: string;
  method: string;
  headers: Record<string, string>;
}

/** Asks for an upload URL, PUTs the file straight to storage, then has the server process it. */
export async function uploadProfileImage(kind: ImageKind, file: File): Promise<Me> {
  const ticket = (
    await api.post<UploadTicket>(`/users/${kind}`, { content_type: file.type, size: file.size })
  ).data;
  // The storage URL is signed: no Authorization header, only the headers it was signed with.
  const stored = await fetch(ticket.url, { method: ticket.method, headers: ticket.headers, body: file });
  if (!stored.ok) {
    throw new Error(`upload refused: ${String(stored.status)}`);
  }
  return (await api.post<Me>(`/users/${kind}/complete`, { upload_id: ticket.upload_id })).data;
}

export async function removeProfileImage(kind: ImageKind): Promise<Me> {
  return (await api.delete<Me>(`/users/${kind}`)).data;
}

export async function requestExport(): Promise<{ url: string; expires_at: string }> {
  return (await api.get<{ url: string; expires_at: string }>('/users/me/export')).data;
}

export async function deleteAccount(password: string): Promise<void> {
  await api.delete('/users/me', { data: { password } });
}
