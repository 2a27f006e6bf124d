/* Rouen Social service worker: shows browser notifications sent with Web Push and opens the app on click. */
self.addEventListener('push', (event) => {
  let payload = { title: 'Rouen Social', body: '', url: '/notifications', tag: undefined };
  try {
    payload = { ...payload, ...(event.data ? event.data.json() : {}) };
  } catch {
    // A payload that is not JSON still shows the default notification.
  }
  event.waitUntil(
    self.registration.showNotification(payload.title, {
      body: payload.body,
      tag: payload.tag,
      icon: '/favicon.svg',
      data: { url: payload.url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if ('focus' in client && client.url.startsWith(self.location.origin)) {
          return client.focus().then(() => ('navigate' in client ? client.navigate(url) : undefined));
        }
      }
      return self.clients.openWindow(url);
    }),
  );
});

/*
 * The browser renewed or dropped the push subscription: subscribe again with the same key (from the old
 * subscription, or asked of the platform), then tell the open windows. The worker has no access token:
 * the app registers the new subscription with the server (browserPush.ts, `syncBrowserPush`), now if a
 * window is open, else when a session next starts.
 */
self.addEventListener('pushsubscriptionchange', (event) => {
  const old = event.oldSubscription;
  const key = old && old.options ? old.options.applicationServerKey : null;
  const platformKey = () =>
    fetch('/api/v1/push/key', { headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : { public_key: null }))
      .then((body) => body.public_key || null);
  event.waitUntil(
    Promise.resolve(key || platformKey())
      .then((applicationServerKey) =>
        applicationServerKey ? self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey }) : null,
      )
      .catch(() => null)
      .then(() => self.clients.matchAll({ type: 'window', includeUncontrolled: true }))
      .then((windows) => {
        for (const client of windows) client.postMessage({ type: 'push-subscription-changed' });
      }),
  );
});
