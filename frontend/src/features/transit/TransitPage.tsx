import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useLocation } from 'react-router';
import { JourneyPlanner } from './JourneyPlanner';
import { LinePage } from './LinePage';
import { LinesPage } from './LinesPage';
import { StopPage } from './StopPage';
import { StopSearch } from './StopSearch';
import styles from './Transit.module.css';

const SECTIONS = [
  { key: 'stops', to: '/transport' },
  { key: 'lines', to: '/transport/lines' },
  { key: 'plan', to: '/transport/plan' },
] as const;

function currentSection(pathname: string): (typeof SECTIONS)[number]['key'] {
  if (pathname.startsWith('/transport/lines')) return 'lines';
  if (pathname.startsWith('/transport/plan')) return 'plan';
  return 'stops';
}

/**
 * `/transport`: Rouen's buses, metro, TEOR and ferry. Three sections, each its own address: stops and
 * their departures, lines and their status, the journey planner.
 */
export function TransitPage() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const current = currentSection(pathname);
  return (
    <section aria-labelledby="transit-title" className={styles.page}>
      <h1 id="transit-title">{t('nav.transport')}</h1>
      <nav aria-label={t('transit.sections')} className={styles.sections}>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.key}>
              <Link to={s.to} aria-current={current === s.key ? 'page' : undefined}>
                {t(`transit.section.${s.key}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<StopSearch />} />
        <Route path="stops/:id" element={<StopPage />} />
        <Route path="lines" element={<LinesPage />} />
        <Route path="lines/:id" element={<LinePage />} />
        <Route path="plan" element={<JourneyPlanner />} />
        <Route path="*" element={<p>{t('notFound.title')}</p>} />
      </Routes>
    </section>
  );
}
