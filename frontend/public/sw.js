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
