import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useLanguage } from '../../stores/language';
import { AccountMenu } from '../AccountMenu/AccountMenu';
import styles from './Header.module.css';

export const NAV_ITEMS = [
  { to: '/', key: 'nav.home' },
  { to: '/events', key: 'nav.events' },
  { to: '/news', key: 'nav.news' },
  { to: '/weather', key: 'nav.weather' },
  { to: '/transport', key: 'nav.transport' },
  { to: '/traffic', key: 'traffic.nav' },
  { to: '/messages', key: 'nav.messages' },
  { to: '/search/users', key: 'nav.people' },
] as const;

export function Header() {
  const { t } = useTranslation();
  const { lang, setLang } = useLanguage();
  const [menuOpen, setMenuOpen] = useState(false);
  const navId = useId();

  return (
    <header className={styles.header}>
      <a className={styles.skip} href="#main">
        {t('app.skipToContent')}
      </a>
      <div className={styles.bar}>
        <NavLink to="/" className={styles.brand}>
          <span className={styles.logo} aria-hidden="true">
            R
          </span>
          <span>
            <span className={styles.name}>{t('app.name')}</span>
            <span className={styles.tagline}>{t('app.tagline')}</span>
          </span>
        </NavLink>
        <div className={styles.actions}>
          <AccountMenu />
          <button
            type="button"
            className={styles.button}
            aria-label={t('language.switchTo')}
            onClick={() => {
              setLang(lang === 'fr' ? 'en' : 'fr');
            }}
          >
            {t('language.current')}
          </button>
          <button
            type="button"
            className={`${styles.button} ${styles.menuButton}`}
            aria-expanded={menuOpen}
            aria-controls={navId}
            onClick={() => {
              setMenuOpen((open) => !open);
            }}
          >
            {t('nav.menu')}
          </button>
        </div>
      </div>
      <nav id={navId} aria-label={t('nav.label')} className={`${styles.nav} ${menuOpen ? styles.open : ''}`}>
        <ul>
          {NAV_ITEMS.map((item) => (
            <li key={item.to}>
              <NavLink
                to={item.to}
                end={item.to === '/'}
                className={({ isActive }) => (isActive ? styles.active : undefined)}
                onClick={() => {
                  setMenuOpen(false);
                }}
              >
                {t(item.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
