import { describe, expect, it } from 'vitest';
import { addMonths, daysOfMonth, eventSpan, parisDate, presetRange, weekdayIndex, weekdayNames } from './dates';

describe('event dates', () => {
  it('reads the day of an instant in Rouen, not in UTC', () => {
    expect(parisDate('2026-12-05T23:30:00Z')).toBe('2026-12-06');
    expect(parisDate('2026-07-01T22:30:00Z')).toBe('2026-07-02');
    expect(parisDate('2026-07-01T21:30:00Z')).toBe('2026-07-01');
  });

  it('knows the weekdays, Monday first, and the months', () => {
    expect(weekdayIndex('2026-12-07')).toBe(0);
    expect(weekdayIndex('2026-12-06')).toBe(6);
    expect(weekdayNames('fr')).toEqual(['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.']);
    expect(daysOfMonth('2028-02')).toHaveLength(29);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });

  it('turns the presets into dates: the weekend is the coming one, or the current one', () => {
    // Wednesday 2 December 2026.
    expect(presetRange('today', '2026-12-02')).toEqual({ from: '2026-12-02', to: '2026-12-02' });
    expect(presetRange('weekend', '2026-12-02')).toEqual({ from: '2026-12-05', to: '2026-12-06' });
    expect(presetRange('weekend', '2026-12-05')).toEqual({ from: '2026-12-05', to: '2026-12-06' });
    expect(presetRange('weekend', '2026-12-06')).toEqual({ from: '2026-12-06', to: '2026-12-06' });
    expect(presetRange('week', '2026-12-02')).toEqual({ from: '2026-12-02', to: '2026-12-06' });
    expect(presetRange('month', '2026-12-02')).toEqual({ from: '2026-12-02', to: '2026-12-31' });
  });

  it('gives an all-day event the same last day however its end is written', () => {
    const start = '2026-11-30T23:00:00Z';
    for (const end of ['2027-01-04T23:00:00Z', '2027-01-04T22:59:59Z', '2027-01-05T00:00:00Z', '2027-01-04T23:59:59Z']) {
      expect(eventSpan({ starts_at: start, ends_at: end, all_day: true })).toEqual({ startDate: '2026-12-01', endDate: '2027-01-04', multiDay: true });
    }
    expect(eventSpan({ starts_at: '2026-12-05T23:00:00Z', ends_at: '2026-12-06T23:00:00Z', all_day: true }).multiDay).toBe(false);
  });

  it('does not call a night that ends after midnight a multi-day event', () => {
    expect(eventSpan({ starts_at: '2026-12-05T21:00:00Z', ends_at: '2026-12-06T01:00:00Z', all_day: false }).multiDay).toBe(false);
    expect(eventSpan({ starts_at: '2026-12-04T17:00:00Z', ends_at: '2026-12-06T22:00:00Z', all_day: false }).multiDay).toBe(true);
  });
});
