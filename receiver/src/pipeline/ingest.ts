// The one entry point both transports call: decode → normalise → persist (durably) → forward.
import { decodeRequest, type Encoding } from '../otlp/decode';
import type { PartialSuccess, Signal } from '../otlp/proto';
import type { TraceStore } from '../store/store';
import { normalise, type NormaliseOptions } from './normalise';

export interface Forwarding {
  enqueue(signal: Signal, encoding: Encoding, body: Buffer): void;
}

export interface ExportCounts {
  spans: number;
  logs: number;
  metricPoints: number;
}

export class Ingest {
  readonly received: ExportCounts = { spans: 0, logs: 0, metricPoints: 0 };

  constructor(
    private readonly store: TraceStore,
    private readonly forward: Forwarding | null,
    private readonly options: NormaliseOptions,
  ) {}

  /** Resolves when the request's items are on disk; null partial = everything accepted. */
  async export(signal: Signal, encoding: Encoding, body: Buffer): Promise<PartialSuccess | null> {
    const batch = decodeRequest(signal, encoding, body);
    const count = batch.spans.length + batch.logs.length + batch.metrics.length;
    if (count > 0) await this.store.append(normalise(batch, this.options), body.length);
    this.received.spans += batch.spans.length;
    this.received.logs += batch.logs.length;
    this.received.metricPoints += batch.metrics.length;
    // Forward only what was accepted locally, so a 503 the client retries is forwarded once.
    this.forward?.enqueue(signal, encoding, body);
    if (batch.rejected === 0) return null;
    return { rejected: batch.rejected, errorMessage: batch.rejectReasons.join('; ') };
  }
}
