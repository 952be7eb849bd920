// Re-exports what was received to an upstream OTLP/HTTP endpoint (a team Collector, Jaeger,
// Phoenix), byte for byte. A bounded queue and fire-and-forget sends keep a slow or failing
// upstream from ever delaying local ingest: overflow is dropped and counted, errors reported.
import type { ForwardStats } from '../contract/api';
import type { Encoding } from '../otlp/decode';
import type { Signal } from '../otlp/proto';
import type { Forwarding } from '../pipeline/ingest';

interface Item {
  signal: Signal;
  encoding: Encoding;
  body: Buffer;
}

const CONCURRENCY = 2;
const TIMEOUT_MS = 10000;
const LOG_EVERY_MS = 10000;

export class Forwarder implements Forwarding {
  private readonly queue: Item[] = [];
  private queuedBytes = 0;
  private inFlight = 0;
  private sent = 0;
  private failed = 0;
  private dropped = 0;
  private lastError: string | null = null;
  private lastLogged = 0;
  private readonly base: string;
  private idle: (() => void) | null = null;

  constructor(
    url: string,
    private readonly maxQueueBytes: number,
    private readonly log: (message: string) => void,
  ) {
    // Accept a base URL or one that already names a signal path.
    this.base = url.replace(/\/+$/, '').replace(/\/v1\/(traces|logs|metrics)$/, '');
  }

  enqueue(signal: Signal, encoding: Encoding, body: Buffer): void {
    if (this.queuedBytes + body.length > this.maxQueueBytes) {
      this.dropped++;
      this.report(`forward queue full (${this.queuedBytes} bytes); dropped one ${signal} export`);
      return;
    }
    this.queue.push({ signal, encoding, body });
    this.queuedBytes += body.length;
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < CONCURRENCY && this.queue.length) {
      const item = this.queue.shift()!;
      this.queuedBytes -= item.body.length;
      this.inFlight++;
      void this.send(item).finally(() => {
        this.inFlight--;
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0) this.idle?.();
      });
    }
  }

  private async send(item: Item): Promise<void> {
    try {
      const res = await fetch(`${this.base}/v1/${item.signal}`, {
        method: 'POST',
        headers: { 'content-type': item.encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json' },
        body: item.body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.arrayBuffer();
      if (res.ok) {
        this.sent++;
        return;
      }
      this.failed++;
      this.report(`upstream ${this.base} answered ${res.status} to ${item.signal}`);
    } catch (err) {
      this.failed++;
      this.report(`upstream ${this.base} unreachable: ${(err as Error).message}`);
    }
  }

  private report(message: string): void {
    this.lastError = message;
    const now = Date.now();
    if (now - this.lastLogged >= LOG_EVERY_MS) {
      this.lastLogged = now;
      this.log(`forward: ${message}`);
    }
  }

  stats(): ForwardStats {
    return {
      url: this.base,
      sent: this.sent,
      failed: this.failed,
      dropped: this.dropped,
      queuedBytes: this.queuedBytes,
      lastError: this.lastError,
    };
  }

  /** Waits (bounded) for queued sends, for a clean shutdown. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return;
    await Promise.race([
      new Promise<void>((resolve) => (this.idle = resolve)),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
  }
}
