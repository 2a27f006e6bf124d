import { api } from './client';

export const KINDS = ['follow', 'follow_request', 'like', 'comment', 'mention', 'share', 'message', 'event_reminder', 'breaking_news', 'weather_warning', 'transport_disruption'] as const;
export type Kind = (typeof KINDS)[number];
export const CHANNELS = ['in_app', 'email', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

export type Channels = Record<Channel, boolean>;

export type Preferences = Record<Kind, Channels> & {
  quiet_hours: { start: string; end: string } | null;
};

/**
 * What a kind the server does not mention yet starts as: the city kinds came later (docs/api/city.md);
 * breaking news, weather warnings and transport disruptions are off unless asked for, event reminders arrive in the app.
 */
export const DEFAULT_CHANNELS: Partial<Record<Kind, Channels>> = {
  event_reminder: { in_app: true, email: false, push: false },
  breaking_news: { in_app: false, email: false, push: false },
  weather_warning: { in_app: false, email: false, push: false },
  transport_disruption: { in_app: false, email: false, push: false },
};

const OFF: Channels = { in_app: false, email: false, push: false };

export async function fetchPreferences(): Promise<Preferences> {
  const prefs = (await api.get<Partial<Preferences> & Pick<Preferences, 'quiet_hours'>>('/notifications/preferences')).data;
  const complete = { ...prefs } as Preferences;
  for (const kind of KINDS) {
    complete[kind] = { ...(DEFAULT_CHANNELS[kind] ?? OFF), ...prefs[kind] };
  }
  return complete;
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
