import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { toProblem } from '../../api/problem';
import { useJourneys, type Journey, type JourneyQuery } from '../../api/transit';
import { problemMessage, useMessage } from '../../components/Form/messages';
import { isDate, parisDate } from '../events/dates';
import { problemFieldErrors } from './fieldErrors';
import { useLocate } from './geolocation';
import { JourneyList } from './JourneyList';
import { JourneyMap } from './JourneyMap';
import { StopCombobox, type StopChoice } from './StopCombobox';
import styles from './Transit.module.css';
import { isTime, parisInstant, parisTime } from './transitFormat';

/** The planner's request, as its address says (so that results can be shared). */
export interface PlanSearch {
  from: string | null;
  fromName: string | null;
  to: string | null;
  toName: string | null;
  date: string | null;
  time: string | null;
  arriveBy: boolean;
}

export function readPlanSearch(params: URLSearchParams): PlanSearch {
  const date = params.get('date');
  const time = params.get('time');
  return {
    from: params.get('from') || null,
    fromName: params.get('from_name') || null,
    to: params.get('to') || null,
    toName: params.get('to_name') || null,
    date: isDate(date) ? date : null,
    time: isTime(time) ? time : null,
    arriveBy: params.get('arrive_by') === 'true',
  };
}

/** The API request of a search: nothing until both ends are known; "now" without a date and time. */
export function toJourneyQuery(search: PlanSearch): JourneyQuery | null {
  if (!search.from || !search.to) return null;
  const query: JourneyQuery = { from: search.from, to: search.to };
  if (search.date && search.time) query.at = parisInstant(search.date, search.time);
  if (search.arriveBy) query.arriveBy = true;
  return query;
}

type FieldErrors = Record<string, string[]>;

function PlanForm({ search, onSearch, serverErrors }: { search: PlanSearch; onSearch: (params: URLSearchParams) => void; serverErrors: FieldErrors }) {
  const { t } = useTranslation();
  const myLocation = t('transit.plan.myLocation');
  const [from, setFrom] = useState<StopChoice>(() => ({
    text: search.fromName ?? search.from ?? '',
    stop: search.from ? { id: search.from, name: search.fromName ?? search.from } : null,
  }));
  const [to, setTo] = useState<StopChoice>(() => ({
    text: search.toName ?? search.to ?? '',
    stop: search.to ? { id: search.to, name: search.toName ?? search.to } : null,
  }));
  const [date, setDate] = useState(() => search.date ?? parisDate(new Date()));
  const [time, setTime] = useState(() => search.time ?? parisTime(new Date()));
  const [arriveBy, setArriveBy] = useState(search.arriveBy);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const where = useLocate((coords) => {
    setFrom({ text: myLocation, stop: { id: `${coords.lat},${coords.lon}`, name: myLocation } });
  });
  const errors = clientErrors ?? serverErrors;
  const atErrors = [...(errors.at ?? []), ...(errors.date ?? []), ...(errors.time ?? [])];
  const message = useMessage();

  return (
    <form
      className={styles.planForm}
      aria-labelledby="transit-plan-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const found: FieldErrors = {};
        if (!from.stop) found.from = [from.text.trim() ? 'transit.plan.pickStop' : 'transit.plan.required'];
        if (!to.stop) found.to = [to.text.trim() ? 'transit.plan.pickStop' : 'transit.plan.required'];
        if (!isDate(date) || !isTime(time)) found.at = ['transit.plan.invalidWhen'];
        if (Object.keys(found).length > 0 || !from.stop || !to.stop) {
          setClientErrors(found);
          return;
        }
        setClientErrors(null);
        const params = new URLSearchParams({ from: from.stop.id, from_name: from.stop.name, to: to.stop.id, to_name: to.stop.name, date, time });
        if (arriveBy) params.set('arrive_by', 'true');
        onSearch(params);
      }}
    >
      <StopCombobox label={t('transit.plan.from')} value={from} onChange={setFrom} errors={errors.from}>
        <button type="button" className={styles.button} onClick={where.locate} disabled={where.locating}>
          <span aria-hidden="true">◎ </span>
          {where.locating ? t('transit.geolocation.locating') : t('transit.plan.useLocation')}
        </button>
      </StopCombobox>
      {where.failure ? (
        <p role="alert" className={styles.notice}>
          {t(`transit.geolocation.${where.failure}`)}
        </p>
      ) : null}
      <StopCombobox label={t('transit.plan.to')} value={to} onChange={setTo} errors={errors.to} />
      <button
        type="button"
        className={styles.linkButton}
        onClick={() => {
          setFrom(to);
          setTo(from);
        }}
      >
        <span aria-hidden="true">⇅ </span>
        {t('transit.plan.swap')}
      </button>
      <fieldset className={styles.whenSet} aria-describedby={atErrors.length > 0 ? 'transit-plan-at-error' : undefined}>
        <legend>{t('transit.plan.when')}</legend>
        <div className={styles.radios}>
          <label>
            <input
              type="radio"
              name="arrive_by"
              value="false"
              checked={!arriveBy}
              onChange={() => {
                setArriveBy(false);
              }}
            />{' '}
            {t('transit.plan.leaveAt')}
          </label>
          <label>
            <input
              type="radio"
              name="arrive_by"
              value="true"
              checked={arriveBy}
              onChange={() => {
                setArriveBy(true);
              }}
            />{' '}
            {t('transit.plan.arriveBy')}
          </label>
        </div>
        <div className={styles.whenRow}>
          <div className={styles.field}>
            <label htmlFor="transit-plan-date">{t('transit.plan.date')}</label>
            <input
              id="transit-plan-date"
              type="date"
              value={date}
              aria-invalid={atErrors.length > 0 ? true : undefined}
              onChange={(e) => {
                setDate(e.target.value);
              }}
            />
          </div>
          <div className={styles.field}>
            <label htmlFor="transit-plan-time">{t('transit.plan.time')}</label>
            <input
              id="transit-plan-time"
              type="time"
              value={time}
              aria-invalid={atErrors.length > 0 ? true : undefined}
              onChange={(e) => {
                setTime(e.target.value);
              }}
            />
          </div>
        </div>
        {atErrors.length > 0 ? (
          <p id="transit-plan-at-error" role="alert" className={styles.error}>
            {atErrors.map((m) => message(m)).join(' ')}
          </p>
        ) : null}
      </fieldset>
      <button type="submit" className={styles.primary}>
        {t('transit.plan.submit')}
      </button>
    </form>
  );
}

const JOURNEY_MAP_ID = 'transit-journey-map';

/** The journeys as timelines and, under them (beside them on wide screens), the selected one on a map: the first until another is chosen. */
function JourneyResults({ journeys }: { journeys: Journey[] }) {
  const [selected, setSelected] = useState(0);
  // Without tiles the map gives way to a message: no button then to show a journey on it.
  const [mapFailed, setMapFailed] = useState(false);
  const index = selected < journeys.length ? selected : 0;
  const journey = journeys[index];
  return (
    <div className={styles.withMap}>
      <JourneyList journeys={journeys} selected={index} onSelect={mapFailed ? undefined : setSelected} mapId={JOURNEY_MAP_ID} />
      {journey ? (
        <JourneyMap
          id={JOURNEY_MAP_ID}
          journey={journey}
          number={index + 1}
          onStatusChange={(status) => {
            setMapFailed(status === 'failed');
          }}
        />
      ) : null}
    </div>
  );
}

/** `/transport/plan`: from, to, when; the journeys found as timelines. The request lives in the address. */
export function JourneyPlanner() {
  const { t } = useTranslation();
  const message = useMessage();
  const [params, setParams] = useSearchParams();
  const search = readPlanSearch(params);
  const query = toJourneyQuery(search);
  const journeys = useJourneys(query);
  const problem = journeys.isError ? toProblem(journeys.error) : null;
  const serverErrors = problem && problem.status === 400 ? problemFieldErrors(problem) : {};
  const generalError = problem && Object.keys(serverErrors).length === 0;
  return (
    <section aria-labelledby="transit-plan-title" className={styles.section}>
      <h2 id="transit-plan-title">{t('transit.plan.title')}</h2>
      <PlanForm
        key={params.toString()}
        search={search}
        serverErrors={serverErrors}
        onSearch={(next) => {
          setParams(next);
        }}
      />
      <div aria-live="polite" className={styles.status}>
        {query && journeys.isFetching ? <p>{t('transit.plan.searching')}</p> : null}
        {generalError ? <p role="alert">{message(problemMessage(problem))}</p> : null}
        {journeys.isSuccess && journeys.data.length === 0 ? <p>{t('transit.plan.none')}</p> : null}
        {journeys.isSuccess && journeys.data.length > 0 ? <p>{t('transit.plan.found', { count: journeys.data.length })}</p> : null}
      </div>
      {journeys.isSuccess && journeys.data.length > 0 ? <JourneyResults key={`results?${params.toString()}`} journeys={journeys.data} /> : null}
    </section>
  );
}
