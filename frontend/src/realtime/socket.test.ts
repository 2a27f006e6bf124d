import { describe, expect, it, vi } from 'vitest';
import { RealtimeSocket, backoffDelay, type Frame } from './socket';

class FakeSocket {
  static readonly OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(public url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
}

describe('backoffDelay', () => {
  it('doubles from one second to thirty, with jitter of half either way', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, () => 0.5)).toBe(8000);
    expect(backoffDelay(10, () => 0.5)).toBe(30_000);
    expect(backoffDelay(2, () => 0)).toBe(2000);
    expect(backoffDelay(2, () => 0.999)).toBeGreaterThan(5900);
  });
});

describe('RealtimeSocket', () => {
  it('connects with a fresh ticket, dispatches frames and reconnects with a new ticket', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    const sockets: FakeSocket[] = [];
    let tickets = 0;
    const frames: Frame[] = [];
    const opened = vi.fn();
    const socket = new RealtimeSocket({
      ticket: () => {
        tickets += 1;
        return Promise.resolve({ ticket: `t${tickets}`, url: 'ws://example.test/ws' });
      },
      onFrame: (f) => frames.push(f),
      onOpen: opened,
      create: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s as unknown as WebSocket;
      },
    });
    socket.start();
    await vi.runOnlyPendingTimersAsync();
    expect(sockets[0]?.url).toBe('ws://example.test/ws?ticket=t1');
    expect(socket.send({ type: 'typing' })).toBe(false);
    sockets[0]?.open();
    expect(opened).toHaveBeenCalledTimes(1);
    expect(socket.send({ type: 'typing', conversation_id: 'c' })).toBe(true);
    sockets[0]?.onmessage?.({ data: '{"type":"message","v":1}' });
    sockets[0]?.onmessage?.({ data: 'not json' });
    expect(frames.map((f) => f.type)).toEqual(['message']);

    sockets[0]?.close();
    await vi.advanceTimersByTimeAsync(1600);
    expect(sockets[1]?.url).toBe('ws://example.test/ws?ticket=t2');
    sockets[1]?.open();
    expect(opened).toHaveBeenCalledTimes(2);
    socket.stop();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
});
