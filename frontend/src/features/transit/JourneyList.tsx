import { useTranslation } from 'react-i18next';
import type { Journey, Leg } from '../../api/transit';
import { LineBadge } from './LineBadge';
import styles from './Transit.module.css';
import { useTransitFormat } from './transitFormat';

function LegItem({ leg }: { leg: Leg }) {
  const { t } = useTranslation();
  const format = useTransitFormat();
  const seconds = (new Date(leg.arrives_at).getTime() - new Date(leg.departs_at).getTime()) / 1000;
  if (leg.mode === 'walk') {
    return (
      <li className={styles.leg} data-mode="walk">
        <span className={styles.legIcon} aria-hidden="true">
          🚶
        </span>
        <div>
          <p className={styles.legTitle}>{t('transit.plan.walk', { distance: format.distance(leg.distance_m), duration: format.duration(seconds) })}</p>
          <p className={styles.muted}>
            {t('transit.plan.walkTo', { place: leg.to.name })} · <time dateTime={leg.departs_at}>{format.time(leg.departs_at)}</time> –{' '}
            <time dateTime={leg.arrives_at}>{format.time(leg.arrives_at)}</time>
          </p>
        </div>
      </li>
    );
  }
  return (
    <li className={styles.leg} data-mode="transit" style={{ borderLeftColor: leg.line.color.startsWith('#') ? leg.line.color : `#${leg.line.color}` }}>
      <span className={styles.legIcon}>
        <LineBadge line={leg.line} />
      </span>
      <div>
        <p className={styles.legTitle}>
          {t(`transit.mode.${leg.line.mode}`)} {t('transit.plan.towards', { headsign: leg.headsign })}
        </p>
        <p>
          <time dateTime={leg.departs_at}>{format.time(leg.departs_at)}</time> {leg.from.name}
        </p>
        <p className={styles.muted}>{t('transit.plan.stops', { count: leg.stops_count })}</p>
        <p>
          <time dateTime={leg.arrives_at}>{format.time(leg.arrives_at)}</time> {leg.to.name}
        </p>
      </div>
    </li>
  );
}

interface JourneyListProps {
  journeys: Journey[];
  /** The journey on the map (its index), when there is one. */
  selected?: number;
  /** Given, each journey has a button that puts it on the map (`mapId`). */
  onSelect?: (index: number) => void;
  mapId?: string;
}

/** The journeys found, each as a timeline of its legs; the one on the map is marked. */
export function JourneyList({ journeys, selected, onSelect, mapId }: JourneyListProps) {
  const { t } = useTranslation();
  const format = useTransitFormat();
  return (
    <ol className={styles.journeys} aria-label={t('transit.plan.results')}>
      {journeys.map((journey, index) => {
        const titleId = `transit-journey-${index}`;
        return (
          <li key={`${journey.departs_at}-${index}`}>
            <article aria-labelledby={titleId} className={styles.journey} data-selected={onSelect && selected === index ? 'true' : undefined}>
              <h3 id={titleId}>
                {t('transit.plan.journeyTitle', { n: index + 1, departs: format.time(journey.departs_at), arrives: format.time(journey.arrives_at) })}
              </h3>
              <ul className={styles.journeyFacts}>
                <li>{t('transit.plan.duration', { duration: format.duration(journey.duration_s) })}</li>
                <li>{journey.transfers === 0 ? t('transit.plan.direct') : t('transit.plan.transfers', { count: journey.transfers })}</li>
                <li>{t('transit.plan.walking', { distance: format.distance(journey.walking_m) })}</li>
              </ul>
              {onSelect ? (
                <button
                  type="button"
                  className={styles.button}
                  aria-pressed={selected === index}
                  aria-controls={mapId}
                  aria-describedby={titleId}
                  onClick={() => {
                    onSelect(index);
                  }}
                >
                  {t('transit.map.show')}
                </button>
              ) : null}
              <ol className={styles.timeline} aria-label={t('transit.plan.legs')}>
                {journey.legs.map((leg, i) => (
                  <LegItem key={`${leg.departs_at}-${i}`} leg={leg} />
                ))}
              </ol>
            </article>
          </li>
        );
      })}
    </ol>
  );
}
