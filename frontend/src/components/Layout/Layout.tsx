import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { SessionExpiry } from '../../features/auth/SessionExpiry';
import { RealtimeConnection } from '../../realtime/RealtimeConnection';
import { Header } from '../Header/Header';
import { StatusWidget } from '../StatusWidget/StatusWidget';
import { TrendingWidget } from '../TrendingWidget/TrendingWidget';
import styles from './Layout.module.css';

/** The app shell: header and navigation, the page, and a side column of city widgets. */
export function Layout() {
  const { t } = useTranslation();
  return (
    <div className={styles.shell}>
      <SessionExpiry />
      <RealtimeConnection />
      <Header />
      <div className={styles.columns}>
        <main id="main" tabIndex={-1} className={styles.main}>
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            <Outlet />
          </Suspense>
        </main>
        <aside aria-label={t('aside.label')} className={styles.aside}>
          <TrendingWidget />
          <StatusWidget />
        </aside>
      </div>
    </div>
  );
}
