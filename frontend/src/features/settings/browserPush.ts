import { fetchPushKey, registerPush, unregisterPush } from '../../api/notificationPrefs';

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

/** The VAPID key as the Push API wants it. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(padded);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i += 1) out[i] = raw.charCodeAt(i);
  return out;
}

function supported(): boolean {
  return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

export async function pushState(): Promise<PushState> {
  if (!supported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const registration = await navigator.serviceWorker.getRegistration('/');
  const subscription = await registration?.pushManager.getSubscription();
  return subscription ? 'on' : 'off';
}

/** Asks permission (only ever from a click), subscribes with the platform's key and registers it. */
export async function enablePush(): Promise<PushState> {
  if (!supported()) return 'unsupported';
  const key = await fetchPushKey();
  if (!key) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
  const registration = await navigator.serviceWorker.register('/sw.js');
  const ready = await navigator.serviceWorker.ready;
  const subscription =
    (await ready.pushManager.getSubscription()) ??
    (await (registration.active ? registration : ready).pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) }));
  await registerPush(subscription.toJSON());
  return 'on';
}

export async function disablePush(): Promise<PushState> {
  if (!supported()) return 'unsupported';
  const registration = await navigator.serviceWorker.getRegistration('/');
  const subscription = await registration?.pushManager.getSubscription();
  if (subscription) {
    await unregisterPush(subscription.endpoint);
    await subscription.unsubscribe();
  }
  return 'off';
}

/**
 * Registers the browser's current subscription with the server again (the server keeps one per endpoint,
 * so this is harmless when nothing changed). Only when notifications are allowed and a subscription exists:
 * it never asks permission nor subscribes. Returns whether it registered one.
 */
export async function syncBrowserPush(): Promise<boolean> {
  if (!supported() || Notification.permission !== 'granted') return false;
  const registration = await navigator.serviceWorker.getRegistration('/');
  const subscription = await registration?.pushManager.getSubscription();
  if (!subscription) return false;
  await registerPush(subscription.toJSON());
  return true;
}

/**
 * For a signed-in session: syncs once now, and again whenever the service worker says the browser changed
 * the subscription (`pushsubscriptionchange` in public/sw.js). Failures are left for the next time. Returns
 * the clean-up.
 */
export function keepBrowserPushInSync(sync: () => Promise<unknown> = syncBrowserPush): () => void {
  if (!('serviceWorker' in navigator)) return () => undefined;
  const run = () => {
    sync().catch(() => undefined);
  };
  const onMessage = (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: unknown } | null;
    if (typeof data === 'object' && data?.type === 'push-subscription-changed') run();
  };
  navigator.serviceWorker.addEventListener('message', onMessage);
  run();
  return () => {
    navigator.serviceWorker.removeEventListener('message', onMessage);
  };
}
