import { useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchMessagesSince, fetchTicket, type ConversationView, type MessagePage, type MessageView } from '../api/chat';
import { useSession } from '../api/session';
import { keepBrowserPushInSync } from '../features/settings/browserPush';
import { RealtimeSocket, type Frame } from './socket';
import { useRealtime } from './store';

type Pages = InfiniteData<MessagePage, string | undefined>;

/** Puts a message into a conversation's cached history (newest page first), replacing a copy with its id. */
export function mergeMessage(data: Pages | undefined, message: MessageView): Pages | undefined {
  if (!data || data.pages.length === 0) return data;
  const exists = data.pages.some((p) => p.items.some((m) => m.id === message.id));
  const pages = data.pages.map((page, i) => {
    if (exists) return { ...page, items: page.items.map((m) => (m.id === message.id ? message : m)) };
    if (i !== 0) return page;
    return { ...page, items: [message, ...page.items] };
  });
  return { ...data, pages };
}

function newestId(data: Pages | undefined): string | null {
  return data?.pages[0]?.items[0]?.id ?? null;
}

/** After a reconnect: what each open conversation missed, oldest first, until caught up. */
async function resync(client: QueryClient) {
  void client.invalidateQueries({ queryKey: ['conversations'] });
  void client.invalidateQueries({ queryKey: ['unread'] });
  void client.invalidateQueries({ queryKey: ['notifications'] });
  for (const query of client.getQueryCache().findAll({ queryKey: ['messages'] })) {
    const id = query.queryKey[1];
    if (typeof id !== 'string') continue;
    let since = newestId(query.state.data as Pages | undefined);
    for (let round = 0; since && round < 10; round += 1) {
      const page = await fetchMessagesSince(id, since);
      for (const m of page.items) client.setQueryData<Pages>(['messages', id], (d) => mergeMessage(d, m));
      since = page.items.at(-1)?.id ?? null;
      if (!page.more) break;
    }
  }
}

function onFrame(frame: Frame, client: QueryClient, describe: (kind: string) => string) {
  const store = useRealtime.getState();
  const conversation = typeof frame.conversation_id === 'string' ? frame.conversation_id : null;
  switch (frame.type) {
    case 'message':
    case 'message_updated':
    case 'message_deleted': {
      const message = frame.message as MessageView;
      client.setQueryData<Pages>(['messages', message.conversation_id], (d) => mergeMessage(d, message));
      void client.invalidateQueries({ queryKey: ['conversations'] });
      break;
    }
    case 'read':
      if (conversation) {
        client.setQueryData<ConversationView>(['conversation', conversation], (c) =>
          c
            ? { ...c, members: c.members.map((m) => (m.user.id === frame.user_id ? { ...m, last_read: frame.message_id as string } : m)) }
            : c,
        );
        void client.invalidateQueries({ queryKey: ['conversations'] });
      }
      break;
    case 'typing':
      if (conversation && typeof frame.user_id === 'string') store.sawTyping(conversation, frame.user_id);
      break;
    case 'conversation':
    case 'presence':
      void client.invalidateQueries({ queryKey: ['conversations'] });
      if (conversation) void client.invalidateQueries({ queryKey: ['conversation', conversation] });
      break;
    case 'notification': {
      if (typeof frame.unread === 'number') client.setQueryData(['unread'], frame.unread);
      void client.invalidateQueries({ queryKey: ['notifications'] });
      const kind = (frame.notification as { kind?: string } | undefined)?.kind ?? '';
      if (frame.quiet !== true) store.set({ announcement: describe(kind) });
      break;
    }
    case 'error':
      if (typeof frame.id === 'string' && typeof frame.code === 'string') {
        store.set({ frameError: { id: frame.id, code: frame.code } });
      }
      break;
    case 'posts_available':
      if (typeof frame.post_id === 'string') store.sawPost(frame.post_id);
      break;
    default:
      break;
  }
}

/**
 * Holds the resident's socket while they are signed in, keeps the browser's push subscription registered,
 * and renders the polite live announcement.
 */
export function RealtimeConnection() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const signedIn = useSession((s) => s.status === 'signedIn');
  const announcement = useRealtime((s) => s.announcement);

  useEffect(() => {
    if (!signedIn) return;
    const socket = new RealtimeSocket({
      ticket: fetchTicket,
      onFrame: (frame) => {
        onFrame(frame, client, (kind) => t('realtime.newNotification', { kind: t(`realtime.kind.${kind || 'other'}`) }));
      },
      onOpen: () => {
        useRealtime.setState((s) => ({ generation: s.generation + 1 }));
        void resync(client);
      },
      onStatus: (status) => {
        useRealtime.getState().set({ status });
      },
    });
    useRealtime.getState().set({ send: (f) => socket.send(f) });
    socket.start();
    return () => {
      socket.stop();
      useRealtime.getState().set({ send: () => false, status: 'idle' });
    };
  }, [signedIn, client, t]);

  // The browser may have renewed its push subscription while no one was signed in: register it again.
  useEffect(() => {
    if (!signedIn) return;
    return keepBrowserPushInSync();
  }, [signedIn]);

  return (
    <div role="status" aria-live="polite" className="visually-hidden">
      {announcement}
    </div>
  );
}
