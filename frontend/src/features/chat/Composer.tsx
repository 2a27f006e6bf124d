import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import formStyles from '../../components/Form/Form.module.css';
import styles from './Chat.module.css';

interface Props {
  onSend: (text: string) => void | Promise<void>;
  /** A photo picked to send (JPEG, PNG or WebP). */
  onPhoto?: (file: File) => void;
  /** Called while typing, at most every 3 s (the server throttles too). */
  onTyping: () => void;
}

/** Enter sends, Shift+Enter starts a new line. */
export function Composer({ onSend, onTyping, onPhoto }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const lastTyping = useRef(0);
  const submit = () => {
    const value = text.trim();
    if (!value) return;
    setText('');
    void onSend(value);
  };
  return (
    <form
      className={styles.composer}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor="chat-message" className="visually-hidden">
        {t('chat.messageLabel')}
      </label>
      <textarea
        id="chat-message"
        rows={2}
        maxLength={4000}
        value={text}
        placeholder={t('chat.messagePlaceholder')}
        onChange={(e) => {
          setText(e.target.value);
          const now = Date.now();
          if (now - lastTyping.current > 3000) {
            lastTyping.current = now;
            onTyping();
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {onPhoto ? (
        <label className={styles.photoPicker}>
          <span aria-hidden="true">📷</span>
          <span className="visually-hidden">{t('chat.addPhoto')}</span>
          <input
            type="file"
            accept="image/jpeg,image/png,image/webp"
            className="visually-hidden"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) onPhoto(file);
            }}
          />
        </label>
      ) : null}
      <button type="submit" className={formStyles.primary}>
        {t('chat.send')}
      </button>
    </form>
  );
}
