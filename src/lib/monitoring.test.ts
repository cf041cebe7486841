// The rules of a monitoring period: its days, the day of grace, and the one status rule.
import { describe, expect, test } from 'vitest';
import {
  CLOSEOUT_OF_STATUS,
  dayOf,
  defaultPeriod,
  linkState,
  planOf,
  readingDate,
  STATUS_OF_CLOSEOUT,
  type MonitoringPlan,
} from './monitoring';

const plan = (overrides: Partial<MonitoringPlan> = {}): MonitoringPlan => ({
  arrivalDate: '2026-12-01',
  ends: '2026-12-14',
  testDays: ['2026-12-01', '2026-12-07', '2026-12-14'],
  closeout: null,
  ...overrides,
});

describe('a monitoring period', () => {
  test('has no plan without an end, and counts an extension into its last day', () => {
    const input = {
      arrivalDate: '2026-12-01',
      extendedDays: 0,
      testDays: [],
      closeout: null,
    };
    expect(planOf({ ...input, monitoringEnds: null })).toBeNull();
    expect(planOf({ ...input, monitoringEnds: '2026-12-14', extendedDays: 3 })?.ends).toBe(
      '2026-12-17',
    );
  });

  test.each([
    ['2026-11-30', 'not_started'],
    ['2026-12-01', 'open'],
    ['2026-12-14', 'open'],
    ['2026-12-15', 'open'],
    ['2026-12-16', 'closed'],
  ] as const)('takes readings on %s: %s', (today, state) => {
    expect(linkState(plan(), today)).toBe(state);
  });

  test('is closed by a close-out whatever the day', () => {
    expect(linkState(plan({ closeout: 'referred' }), '2026-12-03')).toBe('closed');
  });

  test('counts a reading on the day of grace for the last day, never day 15 of 14', () => {
    expect(readingDate(plan(), '2026-12-15')).toBe('2026-12-14');
    expect(dayOf(plan(), readingDate(plan(), '2026-12-15'))).toEqual({ day: 14, days: 14 });
    expect(readingDate(plan(), '2026-12-14')).toBe('2026-12-14');
    expect(readingDate(plan(), '2026-12-03')).toBe('2026-12-03');
  });

  test('takes the half-day from the clock, but the last evening on the day of grace', () => {
    expect(defaultPeriod(plan(), '2026-12-03', 'am')).toBe('am');
    expect(defaultPeriod(plan(), '2026-12-14', 'am')).toBe('am');
    expect(defaultPeriod(plan(), '2026-12-15', 'am')).toBe('pm');
  });
});

describe('the status and the close-out', () => {
  test('close each other both ways for 已解除监测, 已转诊 and 失联, and for nothing else', () => {
    for (const [status, closeout] of Object.entries(CLOSEOUT_OF_STATUS)) {
      expect(STATUS_OF_CLOSEOUT[closeout]).toBe(status);
    }
    expect(Object.keys(CLOSEOUT_OF_STATUS).sort()).toEqual(['cleared', 'lost', 'referred']);
  });
});
