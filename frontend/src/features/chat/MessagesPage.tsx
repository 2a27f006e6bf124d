import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { fetchConversations, openConversation } from '../../api/chat';
import { toProblem } from '../../api/problem';
import { useSession } from '../../api/session';
import { Avatar } from '../../components/Avatar/Avatar';
import formStyles from '../../components/Form/Form.module.css';
import { MessageSearch } from './MessageSearch';
import { NewGroup } from './NewGroup';
import { conversationTitle } from './names';
import styles from './Chat.module.css';

/** The resident's conversations, most recent first, and a way to start one. */
export function MessagesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useSession((s) => s.user?.id);
  const list = useQuery({ queryKey: ['conversations'], queryFn: fetchConversations });
  const [who, setWho] = useState('');
  const start = useMutation({
    mutationFn: () => openConversation([who.trim().replace(/^@/, '')]),
    onSuccess: (c) => {
      void navigate(`/messages/${c.id}`);
    },
  });
  const problem = start.error ? toProblem(start.error) : null;
  const items = list.data ?? [];
  return (
    <section aria-labelledby="messages-title" className={styles.page}>
      <h1 id="messages-title">{t('chat.title')}</h1>
      <form
        className={styles.start}
        onSubmit={(e) => {
          e.preventDefault();
          if (who.trim()) start.mutate();
        }}
      >
        <label htmlFor="chat-with">{t('chat.startWith')}</label>
        <input
          id="chat-with"
          value={who}
          autoComplete="off"
          placeholder={t('chat.usernamePlaceholder')}
          onChange={(e) => {
            setWho(e.target.value);
          }}
        />
        <button type="submit" className={formStyles.primary} disabled={start.isPending}>
          {t('chat.start')}
        </button>
        {problem ? (
          <p role="alert" className={styles.error}>
            {t(`chat.errors.${problem.code}`, { defaultValue: t('chat.errors.generic') })}
          </p>
        ) : null}
      </form>
      <NewGroup />
      <MessageSearch />
      {list.isSuccess && items.length === 0 ? <p>{t('chat.none')}</p> : null}
      <ul className={styles.list} aria-label={t('chat.listLabel')}>
        {items.map((c) => {
          const other = c.members.find((m) => m.user.id !== me);
          return (
            <li key={c.id}>
              <Link to={`/messages/${c.id}`} className={styles.item}>
                <span className={styles.avatar}>
                  <Avatar image={other?.user.avatar ?? null} name={conversationTitle(c, me)} />
                  {other?.presence.online ? <span className={styles.online} title={t('chat.online')} aria-label={t('chat.online')} /> : null}
                </span>
                <span className={styles.summary}>
                  <strong>{conversationTitle(c, me)}</strong>
                  <span className={styles.preview}>
                    {c.last_message ? (c.last_message.deleted ? t('chat.deleted') : c.last_message.preview || t('chat.photo')) : t('chat.noMessages')}
                  </span>
                </span>
                {c.unread > 0 ? (
                  <span className={styles.unread} aria-label={t('chat.unread', { count: c.unread })}>
                    {c.unread > 99 ? '99+' : c.unread}
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
