import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { toProblem } from '../../api/problem';
import { useSession } from '../../api/session';
import { INCIDENT_TYPES, useIncidents, type IncidentFilters, type IncidentType } from '../../api/traffic';
import { CityMap, type MapMarker } from '../../components/CityMap/CityMap';
import { IncidentCard } from './IncidentCard';
import { INCIDENT_STYLE } from './incidentStyle';
import { ReportForm } from './ReportForm';
import styles from './Traffic.module.css';

function isType(value: string | null): value is IncidentType {
  return value !== null && (INCIDENT_TYPES as readonly string[]).includes(value);
}

/** The filters live in the address (`?type=roadworks&source=resident`), so a filtered list can be shared. */
function useTrafficSearch(): [IncidentFilters, (changes: Partial<Record<'type' | 'source', string | null>>) => void] {
  const [params, setParams] = useSearchParams();
  const type = params.get('type');
  const source = params.get('source');
  const filters = useMemo(() => {
    const f: IncidentFilters = {};
    if (isType(type)) f.type = type;
    if (source === 'official' || source === 'resident') f.source = source;
    return f;
  }, [type, source]);
  const update = (changes: Partial<Record<'type' | 'source', string | null>>) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  };
  return [filters, update];
}

/** Road traffic in Rouen: the incidents on a map and in a list, and residents' reports. */
export function TrafficPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const signedIn = useSession((s) => s.status === 'signedIn');
  const [filters, update] = useTrafficSearch();
  const incidents = useIncidents(filters);
  const [reporting, setReporting] = useState(false);
  const list = useMemo(() => incidents.data ?? [], [incidents.data]);
  const markers = useMemo<MapMarker[]>(
    () =>
      list.map((i) => ({
        id: i.id,
        lat: i.lat,
        lon: i.lon,
        label: `${t(`traffic.type.${i.type}`, { defaultValue: i.type })} : ${i.title}`,
        symbol: INCIDENT_STYLE[i.type].symbol,
        colour: INCIDENT_STYLE[i.type].colour,
      })),
    [list, t],
  );
  const focusIncident = (id: string) => {
    const card = document.getElementById(`incident-${id}`);
    card?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    card?.focus({ preventScroll: true });
  };

  // A link from the home page (`/traffic#incident-…`) brings that incident into view once loaded.
  const hash = location.hash;
  const loaded = incidents.isSuccess;
  useEffect(() => {
    if (loaded && hash.startsWith('#incident-')) document.getElementById(decodeURIComponent(hash.slice(1)))?.focus();
  }, [loaded, hash]);

  const filtered = Boolean(filters.type ?? filters.source);
  return (
    <section aria-labelledby="traffic-title" className={styles.page}>
      <h1 id="traffic-title">{t('traffic.title')}</h1>

      {signedIn ? (
        <div>
          <button
            type="button"
            className={styles.toggle}
            aria-expanded={reporting}
            aria-controls="traffic-report"
            onClick={() => {
              setReporting((open) => !open);
            }}
          >
            {reporting ? t('traffic.report.close') : t('traffic.report.open')}
          </button>
        </div>
      ) : (
        <p className={styles.signIn}>
          <Link to={`/login?next=${encodeURIComponent('/traffic')}`}>{t('traffic.incident.signIn')}</Link>
        </p>
      )}
      {signedIn && reporting ? (
        <div id="traffic-report">
          <ReportForm />
        </div>
      ) : null}

      <div role="group" aria-label={t('traffic.filters.label')} className={styles.filterRow}>
        <div className={styles.field}>
          <label htmlFor="traffic-type">{t('traffic.filters.type')}</label>
          <select
            id="traffic-type"
            value={filters.type ?? ''}
            onChange={(e) => {
              update({ type: e.target.value || null });
            }}
          >
            <option value="">{t('traffic.filters.allTypes')}</option>
            {INCIDENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`traffic.type.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.field}>
          <label htmlFor="traffic-source">{t('traffic.filters.source')}</label>
          <select
            id="traffic-source"
            value={filters.source ?? ''}
            onChange={(e) => {
              update({ source: e.target.value || null });
            }}
          >
            <option value="">{t('traffic.filters.allSources')}</option>
            <option value="official">{t('traffic.filters.official')}</option>
            <option value="resident">{t('traffic.filters.residents')}</option>
          </select>
        </div>
      </div>

      <CityMap label={t('traffic.map.label')} markers={markers} onMarkerSelect={focusIncident} />

      {incidents.isPending ? <p role="status">{t('common.loading')}</p> : null}
      {incidents.isError ? (
        <p role="alert">{t(`errors.${toProblem(incidents.error).code}`, { defaultValue: t('traffic.unavailable') })}</p>
      ) : null}
      {incidents.isSuccess && list.length === 0 ? <p>{filtered ? t('traffic.list.emptyFiltered') : t('traffic.list.empty')}</p> : null}
      {list.length > 0 ? (
        <ul className={styles.list} aria-label={t('traffic.list.label')}>
          {list.map((i) => (
            <li key={i.id}>
              <IncidentCard incident={i} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
