import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { addMembers, deleteForMe, leaveConversation, removeMember, updateConversation, type ConversationView } from '../../api/chat';
import { toProblem } from '../../api/problem';
import formStyles from '../../components/Form/Form.module.css';
import styles from './Chat.module.css';

/** Mute, delete for me; for groups: rename, add and remove members (admins), leave. */
export function ConversationSettings({ conversation, me }: { conversation: ConversationView; me: string | undefined }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(conversation.name ?? '');
  const [who, setWho] = useState('');
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['conversation', conversation.id] });
    void client.invalidateQueries({ queryKey: ['conversations'] });
  };
  const act = useMutation({
    mutationFn: (action: () => Promise<unknown>) => action(),
    onSuccess: refresh,
  });
  const gone = () => {
    refresh();
    void navigate('/messages');
  };
  const admin = conversation.my_role === 'admin' && conversation.kind === 'group';
  const problem = act.error ? toProblem(act.error) : null;
  return (
    <details className={styles.panel}>
      <summary>{t('chat.settings.title')}</summary>
      <div className={styles.settings}>
        <div className={formStyles.checkbox}>
          <input
            id="conv-muted"
            type="checkbox"
            checked={conversation.muted}
            onChange={(e) => {
              const muted = e.target.checked;
              act.mutate(() => updateConversation(conversation.id, { muted }));
            }}
          />
          <label htmlFor="conv-muted">{t('chat.settings.mute')}</label>
        </div>
        {admin ? (
          <form
            className={styles.start}
            onSubmit={(e) => {
              e.preventDefault();
              act.mutate(() => updateConversation(conversation.id, { name: name.trim() }));
            }}
          >
            <label htmlFor="conv-name">{t('chat.group.name')}</label>
            <input id="conv-name" value={name} maxLength={80} onChange={(e) => { setName(e.target.value); }} />
            <button type="submit">{t('chat.settings.rename')}</button>
          </form>
        ) : null}
        {conversation.kind === 'group' ? (
          <ul className={styles.members} aria-label={t('chat.settings.members')}>
            {conversation.members.map((m) => (
              <li key={m.user.id}>
                {m.user.display_name}
                {m.role === 'admin' ? ` (${t('chat.settings.admin')})` : ''}
                {admin && m.user.id !== me ? (
                  <button
                    type="button"
                    onClick={() => {
                      act.mutate(() => removeMember(conversation.id, m.user.id));
                    }}
                  >
                    {t('chat.settings.remove', { name: m.user.display_name })}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {admin ? (
          <form
            className={styles.start}
            onSubmit={(e) => {
              e.preventDefault();
              const members = who.split(/[\s,]+/).map((x) => x.replace(/^@/, '')).filter(Boolean);
              if (members.length > 0) act.mutate(() => addMembers(conversation.id, members));
              setWho('');
            }}
          >
            <label htmlFor="conv-add">{t('chat.settings.add')}</label>
            <input id="conv-add" value={who} onChange={(e) => { setWho(e.target.value); }} />
            <button type="submit">{t('chat.settings.addButton')}</button>
          </form>
        ) : null}
        <div className={styles.start}>
          {conversation.kind === 'group' ? (
            <button type="button" className={formStyles.secondary} onClick={() => { void leaveConversation(conversation.id).then(gone); }}>
              {t('chat.settings.leave')}
            </button>
          ) : null}
          <button type="button" className={formStyles.secondary} onClick={() => { void deleteForMe(conversation.id).then(gone); }}>
            {t('chat.settings.deleteForMe')}
          </button>
        </div>
        {problem ? (
          <p role="alert" className={styles.error}>
            {t(`chat.errors.${problem.code}`, { defaultValue: t('chat.errors.generic') })}
          </p>
        ) : null}
      </div>
    </details>
  );
}
