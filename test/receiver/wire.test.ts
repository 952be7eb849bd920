// Both encodings decode to the same canonical data: every JSON fixture is also encoded as
// protobuf (ids to bytes, base64 to bytes) and the two results must be identical.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseLossless } from 'lossless-json';
import { decodeRequest, encodingOf } from '../../receiver/src/otlp/decode';
import { REQUEST_TYPE, type Signal } from '../../receiver/src/otlp/proto';
import type { CanonicalBatch } from '../../receiver/src/otlp/wire';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/otlp-json');

function signalOf(name: string): Signal {
  return name.startsWith('traces') ? 'traces' : name.startsWith('logs') ? 'logs' : 'metrics';
}

const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** OTLP/JSON → the object protobufjs encodes: hex ids and base64 to bytes, enums stay ints. */
function toProtoObject(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => toProtoObject(x));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toProtoObject(x, k);
    return out;
  }
  if (typeof v === 'string' && ID_KEYS.has(key)) {
    return /^[0-9a-fA-F]*$/.test(v) && v.length % 2 === 0 ? Buffer.from(v, 'hex') : Buffer.from(v, 'utf8');
  }
  if (typeof v === 'string' && key === 'bytesValue') return Buffer.from(v, 'base64');
  if (key === 'doubleValue' && typeof v === 'string') return Number(v);
  return v;
}

function decodeBoth(file: string): { json: CanonicalBatch; proto: CanonicalBatch } {
  const signal = signalOf(file);
  const text = readFileSync(path.join(FIXTURES, file), 'utf8');
  const json = decodeRequest(signal, 'json', Buffer.from(text));
  const T = REQUEST_TYPE[signal];
  // Unsafe integers stay strings, as protobufjs accepts them for 64-bit fields.
  const parsed = parseLossless(text, null, (d: string) => (Number.isSafeInteger(Number(d)) || d.includes('.') ? Number(d) : d));
  const obj = toProtoObject(parsed) as Record<string, unknown>;
  const proto = decodeRequest(signal, 'protobuf', Buffer.from(T.encode(T.fromObject(obj)).finish()));
  return { json, proto };
}

describe('OTLP wire decoding', () => {
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
    // Rejections can differ in wording only where JSON ids are not hex; compare the data.
    it(`decodes ${file} identically from JSON and protobuf`, () => {
      const { json, proto } = decodeBoth(file);
      assert.deepEqual(proto.spans, json.spans);
      assert.deepEqual(proto.logs, json.logs);
      assert.deepEqual(proto.metrics, json.metrics);
      assert.equal(proto.rejected, json.rejected);
    });
  }

  it('keeps every attribute type and field of a span', () => {
    const { json } = decodeBoth('traces-every-value-type.json');
    const s = json.spans[0]!;
    assert.equal(s.traceId, '5b8efff798038103d269b633813fc60c');
    assert.equal(s.parentSpanId, 'eee19b7ec3c1b173');
    assert.equal(s.traceState, 'vendor=x');
    assert.equal(s.flags, 257);
    assert.equal(s.droppedAttributesCount, 2);
    assert.equal(s.droppedEventsCount, 3);
    assert.equal(s.droppedLinksCount, 4);
    assert.equal(s.service, 'fixture-svc');
    assert.equal(s.resource.droppedAttributesCount, 1);
    assert.deepEqual(s.scope, { name: 'fixture.scope', version: '0.1', attributes: [{ key: 'scope.attr', value: { boolValue: true } }] });
    const a = Object.fromEntries(s.attributes.map((kv) => [kv.key, kv.value]));
    assert.deepEqual(a.s, { stringValue: 'text ✓' });
    assert.deepEqual(a.b, { boolValue: false });
    assert.deepEqual(a.i_str, { intValue: '-9223372036854775808' });
    assert.deepEqual(a.i_num, { intValue: '42' });
    assert.deepEqual(a.d, { doubleValue: 0.5 });
    assert.deepEqual(a.d_nan, { doubleValue: 'NaN' });
    assert.deepEqual(a.d_inf, { doubleValue: '-Infinity' });
    assert.deepEqual(a.bytes, { bytesValue: 'AAEC/w==' });
    assert.deepEqual(a.arr, { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, { arrayValue: { values: [] } }] } });
    assert.deepEqual(a.kv, { kvlistValue: { values: [{ key: 'inner', value: { doubleValue: 1.25 } }] } });
    assert.deepEqual(a.empty, {});
    assert.deepEqual(s.events[0], {
      timeUnixNano: '1544712660500000000',
      name: 'exception',
      attributes: [{ key: 'exception.message', value: { stringValue: 'boom' } }],
      droppedAttributesCount: 1,
    });
    assert.deepEqual(s.links[0], { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceState: 'a=b', attributes: [], flags: 1 });
    assert.deepEqual(s.status, { code: 2, message: 'failed' });
  });

  it('keeps nanosecond precision when JSON sends times as numbers', () => {
    const { json } = decodeBoth('traces-numeric-nanoseconds.json');
    assert.equal(json.spans[0]!.startTimeUnixNano, '1700000000123456789');
    assert.equal(json.spans[0]!.endTimeUnixNano, '1700000000987654321');
    assert.deepEqual(json.spans[0]!.attributes[0]!.value, { intValue: '9007199254740993' });
  });

  it('rejects spans with invalid ids one by one', () => {
    const { json } = decodeBoth('traces-invalid-ids.json');
    assert.deepEqual(json.spans.map((s) => s.name), ['valid']);
    assert.equal(json.rejected, 4);
    assert.equal(json.rejectReasons.length, 3);
    assert.match(json.rejectReasons.join(' | '), /traceId is all zeros/);
  });

  it('decodes GenAI log events with their trace context', () => {
    const { json } = decodeBoth('logs-genai-events.json');
    const [linked, bare] = json.logs;
    assert.equal(linked!.eventName, 'gen_ai.user.message');
    assert.equal(linked!.traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(linked!.spanId, 'b7ad6b7169203331');
    assert.equal(linked!.severityNumber, 9);
    assert.equal(linked!.severityText, 'INFO');
    assert.equal(linked!.service, 'chat-app');
    assert.equal(linked!.observedTimeUnixNano, '1700000000000000002');
    assert.equal(bare!.traceId, undefined);
    assert.deepEqual(bare!.body, { stringValue: 'no trace context' });
  });

  it('decodes every metric kind', () => {
    const { json } = decodeBoth('metrics-every-kind.json');
    const byName = Object.fromEntries(json.metrics.map((m) => [m.name, m]));
    assert.equal(byName['gpu.utilization']!.value, 93.5);
    assert.equal(byName['gpu.utilization']!.service, 'gpu-box');
    assert.equal(byName['gen_ai.requests']!.value, 12);
    assert.equal(byName['gen_ai.requests']!.isMonotonic, true);
    assert.equal(byName['gen_ai.requests']!.aggregationTemporality, 2);
    const h = byName['gen_ai.client.operation.duration']!;
    assert.deepEqual([h.count, h.sum, h.min, h.max], [3, 1.5, 0.1, 0.9]);
    assert.deepEqual(h.bucketCounts, [1, 2, 0]);
    assert.deepEqual(h.explicitBounds, [0.25, 1]);
    assert.equal(byName['latency.exp']!.count, 4);
    assert.deepEqual(byName['latency.summary']!.quantiles, [{ quantile: 0.5, value: 1 }, { quantile: 0.99, value: 2 }]);
  });

  it('maps content types to encodings', () => {
    assert.equal(encodingOf('application/x-protobuf'), 'protobuf');
    assert.equal(encodingOf('application/json; charset=utf-8'), 'json');
    assert.equal(encodingOf('APPLICATION/JSON'), 'json');
    assert.equal(encodingOf('text/plain'), null);
    assert.equal(encodingOf(undefined), null);
  });
});
