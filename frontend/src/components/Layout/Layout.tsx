import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useMatch } from 'react-router';
import { UpcomingEventsWidget } from '../../features/events/UpcomingEventsWidget';
import { BreakingBanner } from '../../features/news/BreakingBanner';
import { LatestNewsWidget } from '../../features/news/LatestNewsWidget';
import { NextDeparturesWidget } from '../../features/transit/NextDeparturesWidget';
import { WeatherWidget } from '../../features/weather/WeatherWidget';
import { TrafficWidget } from '../../features/traffic/TrafficWidget';
import { SessionExpiry } from '../../features/auth/SessionExpiry';
import { RealtimeConnection } from '../../realtime/RealtimeConnection';
import { Header } from '../Header/Header';
import { StatusWidget } from '../StatusWidget/StatusWidget';
import { TrendingWidget } from '../TrendingWidget/TrendingWidget';
import styles from './Layout.module.css';

/**
 * The app shell: header and navigation, the breaking-news banner, the page, and a side column of city
 * widgets (on the home page: weather, coming events, latest news, next departures, traffic).
 */
export function Layout() {
  const { t } = useTranslation();
  const home = useMatch({ path: '/', end: true }) !== null;
  return (
    <div className={styles.shell}>
      <SessionExpiry />
      <RealtimeConnection />
      <Header />
      <BreakingBanner />
      <div className={styles.columns}>
        <main id="main" tabIndex={-1} className={styles.main}>
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
            <Outlet />
          </Suspense>
        </main>
        <aside aria-label={t('aside.label')} className={styles.aside}>
          {home ? <WeatherWidget /> : null}
          {home ? <UpcomingEventsWidget /> : null}
          {home ? <LatestNewsWidget /> : null}
          {home ? <NextDeparturesWidget /> : null}
          {home ? <TrafficWidget /> : null}
          <TrendingWidget />
          <StatusWidget />
        </aside>
      </div>
    </div>
  );
}
