// Request bytes → canonical batch, for either encoding. Transports call this and nothing else.
import { parse as parseLossless } from 'lossless-json';
import { ReceiverError } from './errors';
import { REQUEST_TYPE, type Signal } from './proto';
import { canonicalLogs, canonicalMetrics, canonicalTraces, type CanonicalBatch } from './wire';

export type Encoding = 'protobuf' | 'json';

const CANONICAL: Record<Signal, (req: unknown) => CanonicalBatch> = {
  traces: canonicalTraces,
  logs: canonicalLogs,
  metrics: canonicalMetrics,
};

/** Content-Type → encoding; parameters such as `; charset=utf-8` are ignored, as the Collector does. */
export function encodingOf(contentType: string | undefined): Encoding | null {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  return null;
}

// Integer literals of 16+ digits can exceed 2^53; plain JSON.parse would round nanosecond times.
const MAYBE_UNSAFE_INT = /[:,[]\s*-?\d{16,}/;

function parseJson(text: string): unknown {
  if (!MAYBE_UNSAFE_INT.test(text)) return JSON.parse(text);
  return parseLossless(text, null, (digits: string) => {
    const n = Number(digits);
    return Number.isSafeInteger(n) || !/^-?\d+$/.test(digits) ? n : digits;
  });
}

export function decodeRequest(signal: Signal, encoding: Encoding, body: Buffer): CanonicalBatch {
  let message: unknown;
  if (encoding === 'protobuf') {
    try {
      message = REQUEST_TYPE[signal].decode(body);
    } catch (err) {
      throw new ReceiverError('bad-data', `invalid protobuf ${REQUEST_TYPE[signal].name}: ${(err as Error).message}`);
    }
  } else {
    if (body.length === 0) return CANONICAL[signal]({});
    try {
      message = parseJson(body.toString('utf8'));
    } catch (err) {
      throw new ReceiverError('bad-data', `invalid JSON: ${(err as Error).message}`);
    }
  }
  return CANONICAL[signal](message);
}
