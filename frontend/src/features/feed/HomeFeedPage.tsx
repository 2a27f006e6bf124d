import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useRealtime } from '../../realtime/store';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import { Composer } from './Composer';
import { FeedList } from './FeedList';
import { PopularWhenEmpty } from './PopularWhenEmpty';
import styles from './Feed.module.css';

/** The home page: for residents, the composer and their feed or the city's; for visitors, the city's. */
export function HomeFeedPage() {
  const { t } = useTranslation();
  const signedIn = useSession((s) => s.status === 'signedIn');
  const [mode, setMode] = useState<'home' | 'ranked' | 'local'>('home');
  const current = signedIn ? mode : 'local';
  const newPosts = useRealtime((s) => s.newPosts.length);
  const client = useQueryClient();
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t('home.title')}</h1>
      {!signedIn ? <p>{t('home.intro')}</p> : null}
      {signedIn ? <Composer /> : null}
      {signedIn ? (
        <div className={styles.tabs} role="group" aria-label={t('feed.modes')}>
          {(['home', 'ranked', 'local'] as const).map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={mode === m}
              onClick={() => {
                setMode(m);
              }}
            >
              {t(`feed.${m}`)}
            </button>
          ))}
        </div>
      ) : null}
      {signedIn && newPosts > 0 && current !== 'local' ? (
        <button
          type="button"
          className={styles.newPosts}
          onClick={() => {
            useRealtime.getState().clearPosts();
            void client.invalidateQueries({ queryKey: ['feed'] });
          }}
        >
          {t('feed.newPosts', { count: newPosts })}
        </button>
      ) : null}
      <FeedList key={current} feed={{ kind: current }} empty={t(`feed.empty.${current === 'ranked' ? 'home' : current}`)} />
      {signedIn && current !== 'local' ? <PopularWhenEmpty /> : null}
    </section>
  );
}
