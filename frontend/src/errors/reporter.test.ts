import { describe, expect, it, vi } from 'vitest';
import { MAX_REPORTS_PER_PAGE, buildReport, installErrorReporter } from './reporter';

describe('buildReport', () => {
  it('describes an Error with its stack and the page path', () => {
    const report = buildReport(new TypeError('x is undefined'), '/events');
    expect(report).toMatchObject({ message: 'TypeError: x is undefined', page: '/events', level: 'error' });
    expect(report.stack).toBeTypeOf('string');
  });

  it('keeps within the API limits', () => {
    const report = buildReport('é'.repeat(5000), 'events\u0007' + 'a'.repeat(600));
    expect(Array.from(report.message)).toHaveLength(2000);
    expect(report.page.startsWith('/')).toBe(true);
    expect(report.page).not.toContain('\u0007');
    expect(report.page.length).toBeLessThanOrEqual(500);
  });

  it('never sends an empty message', () => {
    expect(buildReport('   ', '/').message).toBe('Unknown error');
  });
});

describe('installErrorReporter', () => {
  it('reports at most a few errors per page load and survives a failing send', async () => {
    const send = vi.fn(() => Promise.reject(new Error('offline')));
    const uninstall = installErrorReporter(window, send);
    for (let i = 0; i < MAX_REPORTS_PER_PAGE + 3; i++) {
      window.dispatchEvent(new ErrorEvent('error', { error: new Error(`boom ${String(i)}`), message: 'boom' }));
    }
    await Promise.resolve();
    expect(send).toHaveBeenCalledTimes(MAX_REPORTS_PER_PAGE);
    uninstall();
  });
});
