import { describe, expect, it } from 'vitest';
import type { SourceHealth } from '../../api/sources';
import { countByState, interval, sortSources } from './sourceHealth';

const s = (name: string, state: SourceHealth['state']) => ({ name, state }) as SourceHealth;

describe('source health', () => {
  it('puts failing sources first, then sorts by name whatever the case and accents', () => {
    const sorted = sortSources([s('zénith', 'ok'), s('Été', 'pending'), s('Beta', 'error'), s('abc', 'ok'), s('Alpha', 'error')], 'fr');
    expect(sorted.map((x) => x.name)).toEqual(['Alpha', 'Beta', 'abc', 'Été', 'zénith']);
  });

  it('counts the states present, in the summary’s order', () => {
    expect(countByState([s('a', 'pending'), s('b', 'ok'), s('c', 'error'), s('d', 'ok')])).toEqual([
      { state: 'ok', count: 2 },
      { state: 'error', count: 1 },
      { state: 'pending', count: 1 },
    ]);
  });

  it('tells an interval in its largest whole unit', () => {
    expect(interval(30)).toEqual({ unit: 'minutes', count: 30 });
    expect(interval(90)).toEqual({ unit: 'minutes', count: 90 });
    expect(interval(60)).toEqual({ unit: 'hours', count: 1 });
    expect(interval(360)).toEqual({ unit: 'hours', count: 6 });
    expect(interval(2880)).toEqual({ unit: 'days', count: 2 });
  });
});
