import { useSearchParams } from 'react-router';
import type { EventFilters } from '../../api/events';
import { isDate, presetRange, RANGES } from './dates';

export type EventsView = 'list' | 'calendar';
export const WHEN_CHOICES = ['all', ...RANGES, 'custom'] as const;
export type WhenChoice = (typeof WHEN_CHOICES)[number];

/** What the events page shows, as its address says (so it can be shared and survives a reload). */
export interface EventSearch {
  view: EventsView;
  category?: string;
  free: boolean;
  when: WhenChoice;
  from?: string;
  to?: string;
  neighbourhood?: string;
  q?: string;
}

function isWhen(value: string | null): value is WhenChoice {
  return (WHEN_CHOICES as readonly string[]).includes(value ?? '');
}

export function readEventSearch(params: URLSearchParams): EventSearch {
  const when = params.get('when');
  const from = params.get('from');
  const to = params.get('to');
  return {
    view: params.get('view') === 'calendar' ? 'calendar' : 'list',
    category: params.get('category') ?? undefined,
    free: params.get('free') === 'true',
    when: isWhen(when) ? when : 'all',
    from: isDate(from) ? from : undefined,
    to: isDate(to) ? to : undefined,
    neighbourhood: params.get('neighbourhood') ?? undefined,
    q: params.get('q')?.trim() || undefined,
  };
}

/** The list's query: a preset becomes its dates as seen from `today`; "all" leaves the server's default. */
export function toFilters(search: EventSearch, today: string): EventFilters {
  let from: string | undefined;
  let to: string | undefined;
  if (search.when === 'custom') {
    from = search.from;
    to = search.to;
  } else if (search.when !== 'all') {
    ({ from, to } = presetRange(search.when, today));
  }
  const filters: EventFilters = {};
  if (from) filters.from = from;
  if (to) filters.to = to;
  if (search.category) filters.category = search.category;
  if (search.free) filters.free = true;
  if (search.neighbourhood) filters.neighbourhood = search.neighbourhood;
  if (search.q) filters.q = search.q.slice(0, 100);
  return filters;
}

export type SearchChanges = Record<string, string | null | undefined>;

/** The page's search and a way to change parts of it (an empty or null value removes the parameter). */
export function useEventSearch(): [EventSearch, (changes: SearchChanges, options?: { push?: boolean }) => void, URLSearchParams] {
  const [params, setParams] = useSearchParams();
  const update = (changes: SearchChanges, options: { push?: boolean } = {}) => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === undefined || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: !options.push },
    );
  };
  return [readEventSearch(params), update, params];
}
