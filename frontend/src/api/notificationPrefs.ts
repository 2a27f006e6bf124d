import { api } from './client';

export const KINDS = ['follow', 'follow_request', 'like', 'comment', 'mention', 'share', 'message'] as const;
export type Kind = (typeof KINDS)[number];
export const CHANNELS = ['in_app', 'email', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

export type Channels = Record<Channel, boolean>;

export type Preferences = Record<Kind, Channels> & {
  quiet_hours: { start: string; end: string } | null;
};

export async function fetchPreferences(): Promise<Preferences> {
  return (await api.get<Preferences>('/notifications/preferences')).data;
}

export async function savePreferences(prefs: Preferences): Promise<Preferences> {
  return (await api.put<Preferences>('/notifications/preferences', prefs)).data;
}

export async function fetchPushKey(): Promise<string | null> {
  return (await api.get<{ public_key: string | null }>('/push/key')).data.public_key;
}

export async function registerPush(subscription: PushSubscriptionJSON): Promise<void> {
  await api.post('/push/subscriptions', subscription);
}

export async function unregisterPush(endpoint: string): Promise<void> {
  await api.delete('/push/subscriptions', { data: { endpoint } });
}
