import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useDepartures } from '../../api/transit';
import { DeparturesBoard } from './DeparturesBoard';
import { useHomeStop } from './homeStop';
import { StopsMap } from './StopsMap';
import styles from './Transit.module.css';

/** `/transport/stops/:id`: a stop's departures board, which the resident can pin to the home page. */
export function StopPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const board = useDepartures(id);
  const stop = board.data?.stop;
  const favourite = useHomeStop((s) => s.favourite);
  const setFavourite = useHomeStop((s) => s.setFavourite);
  const setRecent = useHomeStop((s) => s.setRecent);
  const pinned = favourite?.id === id;

  useEffect(() => {
    if (stop) setRecent({ id: stop.id, name: stop.name });
  }, [stop, setRecent]);

  return (
    <section aria-labelledby="transit-stop-title" className={styles.section}>
      <p className={styles.back}>
        <Link to="/transport">{t('transit.stops.back')}</Link>
      </p>
      <div className={styles.titleRow}>
        <h2 id="transit-stop-title">{stop ? t('transit.departures.title', { stop: stop.name }) : t('transit.departures.titleUnknown')}</h2>
        {stop ? (
          <button
            type="button"
            className={styles.button}
            aria-pressed={pinned}
            onClick={() => {
              setFavourite(pinned ? null : { id: stop.id, name: stop.name });
            }}
          >
            <span aria-hidden="true">{pinned ? '★ ' : '☆ '}</span>
            {t('transit.departures.pin')}
          </button>
        ) : null}
      </div>
      <div className={styles.withMap}>
        <DeparturesBoard stopId={id} headingLevel={3} />
        {stop ? <StopsMap stops={[stop]} label={t('transit.map.stopLabel', { stop: stop.name })} unavailableMessage={t('transit.map.stopUnavailable')} /> : null}
      </div>
    </section>
  );
}
