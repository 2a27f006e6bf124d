import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { toProblem } from '../../api/problem';
import { useStopSearch } from '../../api/transit';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { SEARCH_DEBOUNCE_MS } from '../search/UserSearchPage';
import { useDebounced } from '../search/useDebounced';
import { useLocate, type Coords } from './geolocation';
import { LineBadges } from './LineBadge';
import { StopsMap } from './StopsMap';
import styles from './Transit.module.css';
import { useTransitFormat } from './transitFormat';

/** Finds a stop by its name, or the nearest ones: each leads to its departures. */
export function StopSearch() {
  const { t } = useTranslation();
  const message = useMessage();
  const format = useTransitFormat();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [near, setNear] = useState<Coords | null>(null);
  const q = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const where = useLocate((coords) => {
    setText('');
    setNear(coords);
  });
  const query = near ? { lat: near.lat, lon: near.lon, limit: 10 } : { q: q.slice(0, 100), limit: 20 };
  const stops = useStopSearch(query);
  const active = near !== null || q.length > 0;
  const items = active ? (stops.data ?? []) : [];
  return (
    <section aria-labelledby="transit-stops-title" className={styles.section}>
      <h2 id="transit-stops-title">{t('transit.stops.title')}</h2>
      <div className={styles.searchRow} role="search">
        <div className={styles.field}>
          <label htmlFor="transit-stop-q">{t('transit.stops.search')}</label>
          <input
            id="transit-stop-q"
            type="search"
            autoComplete="off"
            maxLength={100}
            value={text}
            placeholder={t('transit.stops.placeholder')}
            onChange={(e) => {
              setText(e.target.value);
              setNear(null);
            }}
          />
        </div>
        <button type="button" className={styles.button} onClick={where.locate} disabled={where.locating} aria-pressed={near !== null}>
          <span aria-hidden="true">◎ </span>
          {t('transit.stops.nearMe')}
        </button>
      </div>
      {where.failure ? (
        <p role="alert" className={styles.notice}>
          {t(`transit.geolocation.${where.failure}`)}
        </p>
      ) : null}
      <div aria-live="polite" className={styles.status}>
        {where.locating ? <p>{t('transit.geolocation.locating')}</p> : null}
        {active && stops.isFetching ? <p>{t('common.loading')}</p> : null}
        {stops.isError ? <p role="alert">{message(problemMessage(toProblem(stops.error)))}</p> : null}
        {active && stops.isSuccess && !stops.isFetching ? (
          <p>{items.length === 0 ? t('transit.stops.none') : near ? t('transit.stops.nearCount', { count: items.length }) : t('transit.stops.count', { count: items.length })}</p>
        ) : null}
      </div>
      {items.length > 0 ? (
        <div className={styles.withMap}>
          <ul id="transit-stop-results" className={styles.stopList} aria-label={t('transit.stops.results')}>
            {items.map((stop) => (
              <li key={stop.id} className={styles.stopItem}>
                <Link to={`/transport/stops/${encodeURIComponent(stop.id)}`} className={styles.stopName}>
                  {stop.name}
                </Link>
                {stop.distance_m !== null ? <span className={styles.muted}>{t('transit.stops.distance', { distance: format.distance(stop.distance_m) })}</span> : null}
                <LineBadges lines={stop.lines} />
              </li>
            ))}
          </ul>
          <StopsMap
            stops={items}
            label={t('transit.map.stopsLabel')}
            unavailableMessage={t('transit.map.stopsUnavailable')}
            onSelect={(id) => {
              void navigate(`/transport/stops/${encodeURIComponent(id)}`);
            }}
          />
        </div>
      ) : null}
    </section>
  );
}
