import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { openConversation } from '../../api/chat';
import { toProblem } from '../../api/problem';
import formStyles from '../../components/Form/Form.module.css';
import styles from './Chat.module.css';

/** A named group with the residents listed (usernames separated by commas or spaces). */
export function NewGroup() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [who, setWho] = useState('');
  const members = who
    .split(/[\s,]+/)
    .map((m) => m.replace(/^@/, ''))
    .filter(Boolean);
  const create = useMutation({
    mutationFn: () => openConversation(members, name.trim()),
    onSuccess: (c) => {
      void navigate(`/messages/${c.id}`);
    },
  });
  const problem = create.error ? toProblem(create.error) : null;
  return (
    <details className={styles.panel}>
      <summary>{t('chat.group.new')}</summary>
      <form
        className={styles.start}
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && members.length > 0) create.mutate();
        }}
      >
        <label htmlFor="group-name">{t('chat.group.name')}</label>
        <input id="group-name" value={name} maxLength={80} onChange={(e) => { setName(e.target.value); }} />
        <label htmlFor="group-members">{t('chat.group.members')}</label>
        <input id="group-members" value={who} onChange={(e) => { setWho(e.target.value); }} />
        <button type="submit" className={formStyles.primary} disabled={create.isPending}>
          {t('chat.group.create')}
        </button>
        {problem ? (
          <p role="alert" className={styles.error}>
            {t(`chat.errors.${problem.code}`, { defaultValue: t('chat.errors.generic') })}
          </p>
        ) : null}
      </form>
    </details>
  );
}
