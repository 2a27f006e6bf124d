import { api } from '../api/client';

export interface ClientErrorReport {
  message: string;
  page: string;
  level: 'error' | 'warning';
  stack?: string;
}

const MAX_MESSAGE = 2000;
const MAX_STACK = 8000;
const MAX_PAGE = 500;
export const MAX_REPORTS_PER_PAGE = 5;

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? chars.slice(0, max).join('') : text;
}

/** The API refuses control characters in a page path. */
function stripControl(text: string): string {
  return Array.from(text)
    .filter((c) => {
      const code = c.charCodeAt(0);
      return code >= 0x20 && code !== 0x7f;
    })
    .join('');
}

function describe(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) {
    return error.stack ? { message: `${error.name}: ${error.message}`, stack: error.stack } : { message: `${error.name}: ${error.message}` };
  }
  if (typeof error === 'string') return { message: error };
  return { message: 'Unknown error' };
}

/** The report the API accepts (`POST /api/v1/client-errors`), within its limits. */
export function buildReport(error: unknown, pathname: string, level: 'error' | 'warning' = 'error'): ClientErrorReport {
  const { message, stack } = describe(error);
  const page = pathname.startsWith('/') ? pathname : `/${pathname}`;
  const report: ClientErrorReport = {
    message: clip(message.trim() || 'Unknown error', MAX_MESSAGE),
    page: clip(stripControl(page), MAX_PAGE),
    level,
  };
  if (stack) report.stack = clip(stack, MAX_STACK);
  return report;
}

type Send = (report: ClientErrorReport) => Promise<unknown>;

const sendToApi: Send = (report) => api.post('/client-errors', report);

/** Reports uncaught errors of this page load (a few at most), never throwing itself. */
export function installErrorReporter(target: Window = window, send: Send = sendToApi): () => void {
  let sent = 0;
  const report = (error: unknown) => {
    if (sent >= MAX_REPORTS_PER_PAGE) return;
    sent += 1;
    send(buildReport(error, target.location.pathname)).catch(() => undefined);
  };
  const onError = (event: ErrorEvent) => {
    report(event.error ?? event.message);
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    report(event.reason);
  };
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return () => {
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
  };
}
