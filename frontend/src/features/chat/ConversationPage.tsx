import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { deleteMessage, editMessage, fetchConversation, fetchMessages, markConversationRead, sendImageMessage, sendMessage, type MessageView } from '../../api/chat';
import { uploadPhoto } from '../../api/posts';
import { toProblem } from '../../api/problem';
import { useSession } from '../../api/session';
import formStyles from '../../components/Form/Form.module.css';
import { mergeMessage } from '../../realtime/RealtimeConnection';
import { useRealtime } from '../../realtime/store';
import { Composer } from './Composer';
import { ConversationSettings } from './ConversationSettings';
import { MessageList } from './MessageList';
import { conversationTitle } from './names';
import styles from './Chat.module.css';

function clientId(): string {
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** One conversation: its history (older pages on demand), live messages, typing, read ticks. */
export function ConversationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useSession((s) => s.user?.id);
  const client = useQueryClient();
  const send = useRealtime((s) => s.send);
  const status = useRealtime((s) => s.status);
  const generation = useRealtime((s) => s.generation);
  const typingHere = useRealtime((s) => s.typing[id]);
  const [pending, setPending] = useState<MessageView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const lastRead = useRef<string | null>(null);

  const conversation = useQuery({ queryKey: ['conversation', id], queryFn: () => fetchConversation(id) });
  const history = useInfiniteQuery({
    queryKey: ['messages', id],
    queryFn: ({ pageParam }) => fetchMessages(id, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

  // Tell the server which conversation this tab shows (again after each reconnect).
  useEffect(() => {
    if (status !== 'open') return;
    send({ type: 'subscribe', conversation_id: id });
    return () => {
      send({ type: 'subscribe', conversation_id: null });
    };
  }, [id, status, generation, send]);

  const messages = useMemo(() => {
    const stored = (history.data?.pages ?? []).flatMap((p) => p.items).slice().reverse();
    const known = new Set(stored.map((m) => m.client_id).filter(Boolean));
    return [...stored, ...pending.filter((m) => !known.has(m.client_id))];
  }, [history.data, pending]);

  // Read receipts: the newest message from someone else, once shown.
  const newestFromOthers = [...messages].reverse().find((m) => m.author_id !== me && !m.id.startsWith('pending-'));
  useEffect(() => {
    const target = newestFromOthers?.id;
    if (!target || target === lastRead.current) return;
    lastRead.current = target;
    if (!send({ type: 'read', conversation_id: id, message_id: target })) {
      void markConversationRead(id, target).catch(() => undefined);
    }
    void client.invalidateQueries({ queryKey: ['conversations'] });
  }, [newestFromOthers?.id, id, send, client]);

  // A message the server refused over the socket: withdraw its optimistic copy and say why.
  useEffect(
    () =>
      useRealtime.subscribe((state, previous) => {
        const failed = state.frameError;
        if (!failed || failed === previous.frameError) return;
        setPending((p) => p.filter((m) => m.client_id !== failed.id));
        setError(t(`chat.errors.${failed.code}`, { defaultValue: t('chat.errors.generic') }));
      }),
    [t],
  );

  // Typing indicators fade after a few seconds.
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  const typists = Object.entries(typingHere ?? {})
    .filter(([user, until]) => until > now && user !== me)
    .map(([user]) => conversation.data?.members.find((m) => m.user.id === user)?.user.display_name ?? '…');

  const submit = async (text: string) => {
    setError(null);
    const cid = clientId();
    const optimistic: MessageView = {
      id: `pending-${cid}`,
      conversation_id: id,
      author_id: me ?? '',
      text,
      image: null,
      created_at: new Date().toISOString(),
      edited_at: null,
      deleted: false,
      client_id: cid,
    };
    setPending((p) => [...p, optimistic]);
    const viaSocket = send({ type: 'message', conversation_id: id, text, client_id: cid, id: cid });
    if (viaSocket) return;
    try {
      const saved = await sendMessage(id, text, cid);
      client.setQueryData(['messages', id], (d: Parameters<typeof mergeMessage>[0]) => mergeMessage(d, saved));
    } catch (e) {
      setPending((p) => p.filter((m) => m.client_id !== cid));
      const code = toProblem(e).code;
      setError(t(`chat.errors.${code}`, { defaultValue: t('chat.errors.generic') }));
    }
  };

  const sendPhoto = async (file: File) => {
    setError(null);
    try {
      const upload = await uploadPhoto(file);
      const saved = await sendImageMessage(id, upload, clientId());
      client.setQueryData(['messages', id], (d: Parameters<typeof mergeMessage>[0]) => mergeMessage(d, saved));
    } catch (e) {
      const code = toProblem(e).code;
      setError(t(`chat.errors.${code}`, { defaultValue: t('chat.errors.photo') }));
    }
  };

  if (conversation.isError) {
    return (
      <section className={styles.page}>
        <p role="alert">{t('chat.notFound')}</p>
        <Link to="/messages">{t('chat.back')}</Link>
      </section>
    );
  }
  const title = conversation.data ? conversationTitle(conversation.data, me) : '';
  return (
    <section aria-labelledby="conversation-title" className={styles.page}>
      <p>
        <Link to="/messages">{t('chat.back')}</Link>
      </p>
      <h1 id="conversation-title">{title}</h1>
      {conversation.data ? <ConversationSettings conversation={conversation.data} me={me} /> : null}
      {history.hasNextPage ? (
        <button type="button" className={formStyles.secondary} onClick={() => void history.fetchNextPage()}>
          {t('chat.older')}
        </button>
      ) : null}
      <MessageList
        messages={messages}
        me={me}
        conversation={conversation.data}
        onEdit={(m, text) => {
          void editMessage(id, m.id, text).then((saved) => {
            client.setQueryData(['messages', id], (d: Parameters<typeof mergeMessage>[0]) => mergeMessage(d, saved));
          });
        }}
        onDelete={(m) => {
          void deleteMessage(id, m.id).then(() => client.invalidateQueries({ queryKey: ['messages', id] }));
        }}
      />
      <p className={styles.typing} aria-live="polite">
        {typists.length > 0 ? t('chat.typing', { names: typists.join(', '), count: typists.length }) : ''}
      </p>
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
      <Composer
        onSend={submit}
        onTyping={() => send({ type: 'typing', conversation_id: id })}
        onPhoto={(file) => {
          void sendPhoto(file);
        }}
      />
    </section>
  );
}
