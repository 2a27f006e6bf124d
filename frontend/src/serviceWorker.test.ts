import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import source from '../public/sw.js?raw';

type Listener = (event: unknown) => void;

/** Runs public/sw.js against a fake worker scope; returns its listeners and the fakes it talks to. */
function loadWorker(options: { subscribe?: () => Promise<unknown>; publicKey?: string | null } = {}) {
  const listeners = new Map<string, Listener>();
  const windows = [{ postMessage: vi.fn() }, { postMessage: vi.fn() }];
  const subscribe = vi.fn(options.subscribe ?? (() => Promise.resolve({ endpoint: 'https://push.example/new' })));
  const fetch = vi.fn(() => Promise.resolve({ ok: true, json: () => Promise.resolve({ public_key: options.publicKey ?? null }) }));
  const self = {
    addEventListener: (type: string, listener: Listener) => {
      listeners.set(type, listener);
    },
    registration: { pushManager: { subscribe } },
    clients: { matchAll: vi.fn(() => Promise.resolve(windows)) },
    location: { origin: 'https://rouen.social' },
  };
  runInNewContext(source, { self, fetch });
  return { listeners, windows, subscribe, fetch, clients: self.clients };
}

/** Fires an event at the worker and waits for what it asked to wait for. */
async function fire(listener: Listener | undefined, fields: Record<string, unknown>) {
  let work: Promise<unknown> = Promise.resolve();
  listener?.({
    ...fields,
    waitUntil: (p: Promise<unknown>) => {
      work = p;
    },
  });
  await work;
}

describe('service worker: pushsubscriptionchange', () => {
  it('subscribes again with the old subscription’s key and tells every window', async () => {
    const worker = loadWorker();
    const key = new Uint8Array([4, 1, 2]).buffer;
    await fire(worker.listeners.get('pushsubscriptionchange'), {
      oldSubscription: { endpoint: 'https://push.example/old', options: { userVisibleOnly: true, applicationServerKey: key } },
    });
    expect(worker.subscribe).toHaveBeenCalledWith({ userVisibleOnly: true, applicationServerKey: key });
    expect(worker.fetch).not.toHaveBeenCalled();
    expect(worker.clients.matchAll).toHaveBeenCalledWith({ type: 'window', includeUncontrolled: true });
    for (const w of worker.windows) expect(w.postMessage).toHaveBeenCalledWith({ type: 'push-subscription-changed' });
  });

  it('asks the platform for its key when the old subscription is unknown', async () => {
    const worker = loadWorker({ publicKey: 'BPlatformKey' });
    await fire(worker.listeners.get('pushsubscriptionchange'), { oldSubscription: null });
    expect(worker.fetch).toHaveBeenCalledWith('/api/v1/push/key', expect.anything());
    expect(worker.subscribe).toHaveBeenCalledWith({ userVisibleOnly: true, applicationServerKey: 'BPlatformKey' });
    for (const w of worker.windows) expect(w.postMessage).toHaveBeenCalledWith({ type: 'push-subscription-changed' });
  });

  it('still tells the windows when subscribing again fails', async () => {
    const worker = loadWorker({ subscribe: () => Promise.reject(new Error('NotAllowedError')) });
    await fire(worker.listeners.get('pushsubscriptionchange'), { oldSubscription: { options: { applicationServerKey: 'K' } } });
    for (const w of worker.windows) expect(w.postMessage).toHaveBeenCalledWith({ type: 'push-subscription-changed' });
  });

  it('does not subscribe without any key', async () => {
    const worker = loadWorker({ publicKey: null });
    await fire(worker.listeners.get('pushsubscriptionchange'), {});
    expect(worker.subscribe).not.toHaveBeenCalled();
    for (const w of worker.windows) expect(w.postMessage).toHaveBeenCalledWith({ type: 'push-subscription-changed' });
  });
});
