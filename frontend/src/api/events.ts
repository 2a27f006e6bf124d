import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Page } from './posts';
import { useSession } from './session';

/** Shapes and calls of the city events API (docs/api/city.md, "Events"). */

export const EVENT_CATEGORIES = ['concerts', 'theatre', 'exhibitions', 'sport', 'family', 'markets', 'festivals', 'conferences', 'other'] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export type RsvpStatus = 'going' | 'interested';
export type EventStatus = 'scheduled' | 'cancelled' | 'postponed';

export interface Occurrence {
  starts_at: string;
  ends_at: string | null;
  all_day: boolean;
}

export interface Venue {
  name: string;
  address: string;
  postal_code: string;
  city: string;
  lat: number;
  lon: number;
}

export type Price = { kind: 'free' } | { kind: 'paid'; min_cents: number; max_cents: number } | { kind: 'unknown' };

export interface EventSource {
  source_id: string;
  name: string;
  url: string;
}

export interface EventView {
  id: string;
  title: string;
  description: string;
  starts_at: string;
  ends_at: string | null;
  all_day: boolean;
  occurrences: Occurrence[];
  venue: Venue | null;
  neighbourhood: string | null;
  price: Price;
  category: EventCategory;
  image: string | null;
  status: EventStatus;
  sources: EventSource[];
  going_count: number;
  interested_count: number;
  my_rsvp: RsvpStatus | null;
  favourite: boolean;
  map_url: string | null;
  ics_url: string;
}

/** The list's filters, as the query string of `GET /events` takes them (dates are `YYYY-MM-DD`, Paris). */
export interface EventFilters {
  from?: string;
  to?: string;
  category?: string;
  free?: boolean;
  neighbourhood?: string;
  q?: string;
}

export interface CategoryCount {
  code: string;
  upcoming: number;
}

export interface CalendarDay {
  date: string;
  items: EventView[];
}

export interface CalendarMonth {
  month: string;
  days: CalendarDay[];
}

export interface RsvpState {
  status: RsvpStatus | null;
  going_count: number;
  interested_count: number;
}

export type MyEventsKind = 'going' | 'interested' | 'favourite';

export async function fetchEvents(filters: EventFilters, cursor?: string, limit = 20): Promise<Page<EventView>> {
  const params = {
    from: filters.from,
    to: filters.to,
    category: filters.category,
    free: filters.free ? 'true' : undefined,
    neighbourhood: filters.neighbourhood,
    q: filters.q,
    limit,
    cursor,
  };
  return (await api.get<Page<EventView>>('/events', { params })).data;
}

export async function fetchEventCategories(): Promise<CategoryCount[]> {
  return (await api.get<{ items: CategoryCount[] }>('/events/categories')).data.items;
}

export async function fetchEventCalendar(month: string, options: { category?: string; mine?: boolean } = {}): Promise<CalendarMonth> {
  const params = { month, category: options.category, mine: options.mine ? 'true' : undefined };
  return (await api.get<CalendarMonth>('/events/calendar', { params })).data;
}

export async function fetchEvent(id: string): Promise<EventView> {
  return (await api.get<EventView>(`/events/${encodeURIComponent(id)}`)).data;
}

/** Sets the caller's answer, or (with `null`) takes it back. */
export async function setRsvp(id: string, status: RsvpStatus | null): Promise<RsvpState> {
  const path = `/events/${encodeURIComponent(id)}/rsvp`;
  return (await (status ? api.post<RsvpState>(path, { status }) : api.delete<RsvpState>(path))).data;
}

export async function setFavourite(id: string, on: boolean): Promise<{ favourite: boolean }> {
  const path = `/events/${encodeURIComponent(id)}/favourite`;
  return (await (on ? api.put<{ favourite: boolean }>(path) : api.delete<{ favourite: boolean }>(path))).data;
}

export async function fetchMyEvents(kind: MyEventsKind, cursor?: string): Promise<Page<EventView>> {
  return (await api.get<Page<EventView>>('/users/me/events', { params: { kind, cursor } })).data;
}

export async function createCalendarFeed(): Promise<{ url: string }> {
  return (await api.post<{ url: string }>('/users/me/calendar-feed')).data;
}

/**
 * The counts once `next` replaces `event`'s current answer: the old status loses one, the new gains one.
 * The optimistic guess; the server's counts replace it.
 */
export function applyRsvp<T extends Pick<EventView, 'my_rsvp' | 'going_count' | 'interested_count'>>(event: T, next: RsvpStatus | null): T {
  let going = event.going_count;
  let interested = event.interested_count;
  if (event.my_rsvp === 'going') going -= 1;
  if (event.my_rsvp === 'interested') interested -= 1;
  if (next === 'going') going += 1;
  if (next === 'interested') interested += 1;
  return { ...event, my_rsvp: next, going_count: Math.max(0, going), interested_count: Math.max(0, interested) };
}

/**
 * Query keys. `viewer` (the signed-in resident's id, or null) is part of them: `my_rsvp` and `favourite`
 * depend on who asks, so signing in or out fetches again.
 */
export const eventKeys = {
  all: ['events'] as const,
  list: (filters: EventFilters, viewer: string | null) => ['events', 'list', filters, viewer] as const,
  upcoming: (viewer: string | null) => ['events', 'upcoming', viewer] as const,
  detail: (id: string, viewer: string | null) => ['events', 'detail', id, viewer] as const,
  categories: ['events', 'categories'] as const,
  calendar: (month: string, category: string | undefined, mine: boolean, viewer: string | null) => ['events', 'calendar', month, category ?? null, mine, viewer] as const,
  mine: (kind: MyEventsKind, viewer: string | null) => ['events', 'mine', kind, viewer] as const,
};

function useViewer(): string | null {
  return useSession((s) => s.user?.id ?? null);
}

export function useEvents(filters: EventFilters) {
  const viewer = useViewer();
  return useInfiniteQuery({
    queryKey: eventKeys.list(filters, viewer),
    queryFn: ({ pageParam }) => fetchEvents(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** The next few events, for the home page. */
export function useUpcomingEvents(limit = 5) {
  const viewer = useViewer();
  return useQuery({
    queryKey: eventKeys.upcoming(viewer),
    queryFn: async () => (await fetchEvents({}, undefined, limit)).items,
    staleTime: 300_000,
  });
}

export function useEvent(id: string) {
  const viewer = useViewer();
  return useQuery({ queryKey: eventKeys.detail(id, viewer), queryFn: () => fetchEvent(id) });
}

export function useEventCategories() {
  return useQuery({ queryKey: eventKeys.categories, queryFn: fetchEventCategories, staleTime: 600_000 });
}

export function useEventCalendar(month: string, options: { category?: string; mine?: boolean }) {
  const viewer = useViewer();
  const mine = Boolean(options.mine) && viewer !== null;
  return useQuery({
    queryKey: eventKeys.calendar(month, options.category, mine, viewer),
    queryFn: () => fetchEventCalendar(month, { category: options.category, mine }),
  });
}

export function useMyEvents(kind: MyEventsKind) {
  const viewer = useViewer();
  return useInfiniteQuery({
    queryKey: eventKeys.mine(kind, viewer),
    queryFn: ({ pageParam }) => fetchMyEvents(kind, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: viewer !== null,
  });
}

/** Lists, calendars and "my events" show RSVPs and favourites too: they are fetched again after a change. */
function refreshOthers(client: QueryClient) {
  for (const part of ['list', 'upcoming', 'calendar', 'mine']) {
    void client.invalidateQueries({ queryKey: ['events', part] });
  }
}

/**
 * Answers "going" or "interested", or takes the answer back (`null`): the page's counts move at once and
 * go back if the server refuses.
 */
export function useRsvp(id: string) {
  const viewer = useViewer();
  const client = useQueryClient();
  const key = eventKeys.detail(id, viewer);
  return useMutation({
    mutationFn: (status: RsvpStatus | null) => setRsvp(id, status),
    onMutate: async (status) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<EventView>(key);
      if (previous) client.setQueryData<EventView>(key, applyRsvp(previous, status));
      return { previous };
    },
    onError: (_error, _status, context) => {
      if (context?.previous) client.setQueryData<EventView>(key, context.previous);
    },
    onSuccess: (state) => {
      client.setQueryData<EventView>(key, (event) =>
        event ? { ...event, my_rsvp: state.status, going_count: state.going_count, interested_count: state.interested_count } : event,
      );
      refreshOthers(client);
    },
  });
}

export function useFavourite(id: string) {
  const viewer = useViewer();
  const client = useQueryClient();
  const key = eventKeys.detail(id, viewer);
  return useMutation({
    mutationFn: (on: boolean) => setFavourite(id, on),
    onMutate: async (on) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<EventView>(key);
      if (previous) client.setQueryData<EventView>(key, { ...previous, favourite: on });
      return { previous };
    },
    onError: (_error, _on, context) => {
      if (context?.previous) client.setQueryData<EventView>(key, context.previous);
    },
    onSuccess: (state) => {
      client.setQueryData<EventView>(key, (event) => (event ? { ...event, favourite: state.favourite } : event));
      refreshOthers(client);
    },
  });
}

export function useCalendarFeed() {
  return useMutation({ mutationFn: createCalendarFeed });
}
