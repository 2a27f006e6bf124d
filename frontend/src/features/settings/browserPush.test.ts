import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { enablePush, keepBrowserPushInSync, keyBytes, syncBrowserPush } from './browserPush';

describe('browser push', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('decodes the base64url VAPID key into bytes', () => {
    expect(Array.from(keyBytes('AQID_w'))).toEqual([1, 2, 3, 255]);
  });

  it('stops when the resident refuses, and registers the subscription when they accept', async () => {
    const subscription = { toJSON: () => ({ endpoint: 'https://push.example/1', keys: { p256dh: 'k', auth: 'a' } }) };
    const subscribe = vi.fn(() => Promise.resolve(subscription));
    const registration = { active: {}, pushManager: { getSubscription: () => Promise.resolve(null), subscribe } };
    Object.defineProperty(navigator, 'serviceWorker', {
      configurable: true,
      value: { register: vi.fn(() => Promise.resolve(registration)), ready: Promise.resolve(registration), getRegistration: () => Promise.resolve(registration) },
    });
    vi.stubGlobal('PushManager', Object);
    const fake = fakeApi({
      'GET /push/key': { status: 200, data: { public_key: 'AQID' } },
      'POST /push/subscriptions': { status: 204 },
    });
    vi.stubGlobal('Notification', { permission: 'default', requestPermission: () => Promise.resolve('denied') });
    expect(await enablePush()).toBe('denied');
    expect(subscribe).not.toHaveBeenCalled();
    vi.stubGlobal('Notification', { permission: 'default', requestPermission: () => Promise.resolve('granted') });
    expect(await enablePush()).toBe('on');
    expect(fake.calls.find((c) => c.method === 'POST')?.data).toEqual(subscription.toJSON());
    fake.restore();
    Reflect.deleteProperty(navigator, 'serviceWorker');
  });

  describe('keeping the subscription registered', () => {
    const json = { endpoint: 'https://push.example/2', keys: { p256dh: 'k2', auth: 'a2' } };
    let restore: () => void = () => undefined;

    function worker(subscription: { toJSON: () => unknown } | null) {
      const target = new EventTarget();
      const registration = { pushManager: { getSubscription: () => Promise.resolve(subscription) } };
      Object.defineProperty(navigator, 'serviceWorker', {
        configurable: true,
        value: Object.assign(target, { getRegistration: vi.fn(() => Promise.resolve(registration)) }),
      });
      vi.stubGlobal('PushManager', Object);
      const fake = fakeApi({ 'POST /push/subscriptions': { status: 204 } });
      restore = fake.restore;
      return { target, calls: fake.calls };
    }

    afterEach(() => {
      restore();
      Reflect.deleteProperty(navigator, 'serviceWorker');
    });

    it('registers the current subscription again when notifications are allowed', async () => {
      const { calls } = worker({ toJSON: () => json });
      vi.stubGlobal('Notification', { permission: 'granted' });
      expect(await syncBrowserPush()).toBe(true);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ method: 'POST', url: '/push/subscriptions', data: json });
    });

    it.each(['default', 'denied'])('does nothing when the permission is %s', async (permission) => {
      const { calls } = worker({ toJSON: () => json });
      vi.stubGlobal('Notification', { permission });
      expect(await syncBrowserPush()).toBe(false);
      expect(calls).toHaveLength(0);
    });

    it('does nothing without a subscription, or without push in the browser', async () => {
      const { calls } = worker(null);
      vi.stubGlobal('Notification', { permission: 'granted' });
      expect(await syncBrowserPush()).toBe(false);
      Reflect.deleteProperty(navigator, 'serviceWorker');
      expect(await syncBrowserPush()).toBe(false);
      expect(calls).toHaveLength(0);
    });

    it('syncs when the session starts and whenever the service worker says the subscription changed', async () => {
      const { target, calls } = worker({ toJSON: () => json });
      vi.stubGlobal('Notification', { permission: 'granted' });
      const stop = keepBrowserPushInSync();
      await vi.waitFor(() => {
        expect(calls).toHaveLength(1);
      });
      target.dispatchEvent(new MessageEvent('message', { data: { type: 'something-else' } }));
      target.dispatchEvent(new MessageEvent('message', { data: { type: 'push-subscription-changed' } }));
      await vi.waitFor(() => {
        expect(calls).toHaveLength(2);
      });
      expect(calls[1]?.data).toEqual(json);
      stop();
      target.dispatchEvent(new MessageEvent('message', { data: { type: 'push-subscription-changed' } }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(calls).toHaveLength(2);
    });

    it('keeps quiet when the server cannot be reached', async () => {
      const sync = vi.fn(() => Promise.reject(new Error('offline')));
      worker(null);
      const stop = keepBrowserPushInSync(sync);
      expect(sync).toHaveBeenCalledTimes(1);
      await Promise.resolve();
      stop();
    });
  });
});
