import { describe, expect, it } from 'vitest';
import { departure } from '../../test/transitFixtures';
import { problemFieldErrors } from './fieldErrors';
import { badgeColors, contrastRatio, delayMinutes, minutesUntil, parisInstant, parisTime, parseHex, upcoming } from './transitFormat';

describe('transit helpers', () => {
  it('keeps a line’s colours when they read well, and fixes them when they do not', () => {
    expect(badgeColors('#123E8B', '#FFFFFF')).toEqual({ background: '#123E8B', color: '#FFFFFF' });
    // White on yellow is unreadable: black instead.
    expect(badgeColors('FFD500', 'FFFFFF')).toEqual({ background: '#FFD500', color: '#000000' });
    expect(badgeColors('#000', '')).toEqual({ background: '#000', color: '#FFFFFF' });
    expect(badgeColors('not a colour', '#FFFFFF').background).toBe('#5A6472');
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21);
    expect(parseHex('#abc')).toEqual([170, 187, 204]);
  });

  it('turns Rouen wall-clock times into UTC, winter and summer', () => {
    expect(parisInstant('2026-11-25', '12:30')).toBe('2026-11-25T11:30:00Z');
    expect(parisInstant('2026-07-14', '22:00')).toBe('2026-07-14T20:00:00Z');
    expect(parisTime(new Date('2026-11-25T11:30:00Z'))).toBe('12:30');
  });

  it('counts minutes down, measures delays and drops what has left', () => {
    const now = new Date('2026-11-25T11:30:00Z').getTime();
    expect(minutesUntil('2026-11-25T11:35:30Z', now)).toBe(5);
    expect(minutesUntil('2026-11-25T11:29:00Z', now)).toBe(0);
    expect(delayMinutes(departure({ expected_at: '2026-11-25T11:38:00Z' }))).toBe(3);
    expect(delayMinutes(departure())).toBe(0);
    const gone = departure({ scheduled_at: '2026-11-25T11:20:00Z', trip_id: 'gone' });
    expect(upcoming([gone, departure()], now).map((d) => d.trip_id)).toEqual(['TRIP-1']);
  });

  it('reads field errors in both shapes a problem may have', () => {
    const base = { type: 'about:blank', title: 'Bad request', status: 400, code: 'validation_failed' };
    expect(problemFieldErrors({ ...base, errors: { 'query.from': ['unknown stop'] } } as never)).toEqual({ from: ['unknown stop'] });
    expect(problemFieldErrors({ ...base, errors: [{ field: 'at', code: 'invalid_format', message: 'bad' }] })).toEqual({ at: ['fieldErrors.invalid_format'] });
  });
});
