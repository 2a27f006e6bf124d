import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { searchMessages } from '../../api/chat';
import styles from './Chat.module.css';

/** Finds words in the resident's own conversations. */
export function MessageSearch() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['message-search', q], queryFn: () => searchMessages(q), enabled: q.length > 0 });
  return (
    <div className={styles.panel}>
      <form
        role="search"
        className={styles.start}
        onSubmit={(e) => {
          e.preventDefault();
          setQ(draft.trim());
        }}
      >
        <label htmlFor="message-search">{t('chat.search.label')}</label>
        <input id="message-search" type="search" value={draft} maxLength={100} onChange={(e) => { setDraft(e.target.value); }} />
        <button type="submit">{t('chat.search.go')}</button>
      </form>
      {found.isSuccess ? (
        found.data.length === 0 ? (
          <p role="status">{t('chat.search.none')}</p>
        ) : (
          <ul className={styles.list} aria-label={t('chat.search.results')}>
            {found.data.map((m) => (
              <li key={m.id}>
                <Link to={`/messages/${m.conversation_id}`} className={styles.item}>
                  {m.text}
                </Link>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
