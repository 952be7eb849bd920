// Hand-built OTLP requests for tests that need exact bytes (bad input, durability, bench).
import { randomBytes } from 'node:crypto';
import { Proto } from '../../receiver/src/otlp/proto';

export interface SpanSpec {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  attributes?: Record<string, string | number | boolean>;
}

export function hexId(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function kv(attributes: Record<string, string | number | boolean>): unknown[] {
  return Object.entries(attributes).map(([key, v]) => ({
    key,
    value:
      typeof v === 'string'
        ? { stringValue: v }
        : typeof v === 'boolean'
          ? { boolValue: v }
          : Number.isInteger(v)
            ? { intValue: String(v) }
            : { doubleValue: v },
  }));
}

/** An ExportTraceServiceRequest as OTLP/JSON (hex ids, string nanos). */
export function tracesJson(spans: SpanSpec[], service = 'payload-test'): Record<string, unknown> {
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [
      {
        resource: { attributes: kv({ 'service.name': service }) },
        scopeSpans: [
          {
            scope: { name: 'payloads' },
            spans: spans.map((s, i) => ({
              traceId: s.traceId ?? hexId(16),
              spanId: s.spanId ?? hexId(8),
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name ?? `span ${i}`,
              kind: 1,
              startTimeUnixNano: String(now + BigInt(i) * 1000n),
              endTimeUnixNano: String(now + BigInt(i) * 1000n + 500n),
              attributes: kv(s.attributes ?? {}),
            })),
          },
        ],
      },
    ],
  };
}

/** The same request as protobuf bytes. */
export function tracesProto(spans: SpanSpec[], service = 'payload-test'): Buffer {
  const json = tracesJson(spans, service) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
  for (const rs of json.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const s of ss.spans)
        for (const k of ['traceId', 'spanId', 'parentSpanId'])
          if (typeof s[k] === 'string') s[k] = Buffer.from(s[k] as string, 'hex');
  const T = Proto.ExportTraceServiceRequest;
  return Buffer.from(T.encode(T.fromObject(json)).finish());
}

export async function postOtlp(
  base: string,
  body: Buffer | string,
  headers: Record<string, string>,
  path = '/v1/traces',
): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers, body });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}
