import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fakeApi';
import { enablePush, keyBytes } from './browserPush';

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
});
