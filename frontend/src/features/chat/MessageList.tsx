import { useTranslation } from 'react-i18next';
import type { ConversationView, MessageView } from '../../api/chat';
import { readByOthers } from './names';
import styles from './Chat.module.css';

interface Props {
  messages: MessageView[];
  me: string | undefined;
  conversation: ConversationView | undefined;
  onEdit?: (message: MessageView, text: string) => void;
  onDelete?: (message: MessageView) => void;
}

/** Bubbles in time order with a separator for each day; my messages carry sent/read ticks. */
export function MessageList({ messages, me, conversation, onEdit, onDelete }: Props) {
  const { t, i18n } = useTranslation();
  const day = new Intl.DateTimeFormat(i18n.language, { weekday: 'long', day: 'numeric', month: 'long' });
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' });
  const labels = messages.map((m) => day.format(new Date(m.created_at)));
  return (
    <ol className={styles.messages} aria-label={t('chat.historyLabel')} aria-live="polite">
      {messages.flatMap((m, i) => {
        const at = new Date(m.created_at);
        const label = labels[i] ?? '';
        const out = [];
        if (i === 0 || labels[i - 1] !== label) {
          out.push(
            <li key={`day-${label}`} className={styles.day} role="separator">
              {label}
            </li>,
          );
        }
        const mine = m.author_id === me;
        const pending = m.id.startsWith('pending-');
        const read = mine && !pending && readByOthers(conversation, m.id, me);
        const author = conversation?.members.find((x) => x.user.id === m.author_id)?.user.display_name ?? '';
        out.push(
          <li key={m.id} className={mine ? styles.mine : styles.theirs}>
            {!mine && conversation?.kind === 'group' ? <span className={styles.author}>{author}</span> : null}
            {m.deleted ? <em>{t('chat.deleted')}</em> : <span className={styles.text}>{m.text}</span>}
            {m.image && !m.deleted ? <img src={m.image.medium} alt={t('chat.photo')} className={styles.photo} /> : null}
            <span className={styles.meta}>
              <time dateTime={m.created_at}>{time.format(at)}</time>
              {m.edited_at ? ` · ${t('chat.edited')}` : null}
              {mine ? (
                <span className={styles.tick} data-testid={read ? 'read-tick' : 'sent-tick'} aria-label={t(pending ? 'chat.sending' : read ? 'chat.read' : 'chat.sent')}>
                  {pending ? '…' : read ? '✓✓' : '✓'}
                </span>
              ) : null}
            </span>
            {mine && !pending && !m.deleted && (onEdit ?? onDelete) ? (
              <span className={styles.actions}>
                {onEdit ? (
                  <button
                    type="button"
                    onClick={() => {
                      const text = window.prompt(t('chat.editPrompt'), m.text);
                      if (text?.trim()) onEdit(m, text.trim());
                    }}
                  >
                    {t('chat.edit')}
                  </button>
                ) : null}
                {onDelete ? (
                  <button
                    type="button"
                    onClick={() => {
                      if (window.confirm(t('chat.deleteConfirm'))) onDelete(m);
                    }}
                  >
                    {t('chat.delete')}
                  </button>
                ) : null}
              </span>
            ) : null}
          </li>,
        );
        return out;
      })}
    </ol>
  );
}
