import { SOURCE_STATES, type SourceHealth, type SourceState } from '../../api/sources';

/** Failing sources first (they need someone), then by name. */
export function sortSources(sources: readonly SourceHealth[], lang: string): SourceHealth[] {
  return [...sources].sort((a, b) => {
    const rank = Number(b.state === 'error') - Number(a.state === 'error');
    return rank !== 0 ? rank : a.name.localeCompare(b.name, lang, { sensitivity: 'base' });
  });
}

/** How many sources are in each state, in the order the summary tells them; states with none are left out. */
export function countByState(sources: readonly SourceHealth[]): { state: SourceState; count: number }[] {
  return SOURCE_STATES.map((state) => ({ state, count: sources.filter((s) => s.state === state).length })).filter((c) => c.count > 0);
}

/** A source's interval in the largest whole unit: 30 → 30 minutes, 360 → 6 hours, 1440 → 1 day. */
export function interval(minutes: number): { unit: 'minutes' | 'hours' | 'days'; count: number } {
  if (minutes > 0 && minutes % 1440 === 0) return { unit: 'days', count: minutes / 1440 };
  if (minutes > 0 && minutes % 60 === 0) return { unit: 'hours', count: minutes / 60 };
  return { unit: 'minutes', count: minutes };
}
