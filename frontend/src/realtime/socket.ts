/** One frame from the server (docs/realtime.md): a `type` and its fields. */
export interface Frame {
  type: string;
  [field: string]: unknown;
}

export type SocketStatus = 'idle' | 'connecting' | 'open' | 'closed';

/** Reconnect delay: 1 s doubling to 30 s, ±50 % jitter so a restart does not bring every tab back at once. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.5 + random()));
}

interface Options {
  /** A fresh ticket and where to connect (a new one for every attempt: tickets are single use). */
  ticket: () => Promise<{ ticket: string; url: string | null }>;
  onFrame: (frame: Frame) => void;
  /** After every successful (re)connection: the caller resyncs what it may have missed. */
  onOpen: () => void;
  onStatus?: (status: SocketStatus) => void;
  create?: (url: string) => WebSocket;
  pingEveryMs?: number;
}

function socketUrl(base: string | null, ticket: string): string {
  const root = base ?? `${window.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${window.location.host}/ws`;
  return `${root}?ticket=${encodeURIComponent(ticket)}`;
}

/** The native WebSocket with tickets, keep-alive pings, reconnects and a send queue while closed. */
export class RealtimeSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: Options) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.ws?.close();
    this.ws = null;
    this.options.onStatus?.('closed');
  }

  /** Sends a frame if the socket is open; returns whether it went out (callers fall back to HTTP). */
  send(frame: Frame): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private async connect(): Promise<void> {
    this.options.onStatus?.('connecting');
    let url: string;
    try {
      const { ticket, url: base } = await this.options.ticket();
      url = socketUrl(base, ticket);
    } catch {
      this.retry();
      return;
    }
    if (this.stopped) return;
    const ws = (this.options.create ?? ((u: string) => new WebSocket(u)))(url);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.options.onStatus?.('open');
      this.pingTimer = setInterval(() => {
        this.send({ type: 'ping' });
      }, this.options.pingEveryMs ?? 5 * 60_000);
      this.options.onOpen();
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      try {
        const frame = JSON.parse(event.data) as Frame;
        if (typeof frame.type === 'string') this.options.onFrame(frame);
      } catch {
        // A frame that is not JSON is ignored: the server never sends one.
      }
    };
    ws.onclose = () => {
      if (this.pingTimer) clearInterval(this.pingTimer);
      if (this.ws === ws) this.ws = null;
      this.options.onStatus?.('closed');
      this.retry();
    };
  }

  private retry(): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
