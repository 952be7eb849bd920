// Hostile and broken input: each gets the right status and a message, the receiver stays up,
// and what it acknowledged before is still there afterwards.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import type { HealthResponse, TraceDetailResponse } from '../../receiver/src/contract/api';
import { Proto } from '../../receiver/src/otlp/proto';
import { getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';
import { hexId, postOtlp, tracesJson, tracesProto } from '../helpers/otlp-payloads';

const gzip = promisify(zlib.gzip);
const PROTO = { 'content-type': 'application/x-protobuf' };
const JSON_CT = { 'content-type': 'application/json' };
const MB = 1024 * 1024;

function rpcStatus(body: Buffer): { code: number; message: string } {
  return Proto.RpcStatus.toObject(Proto.RpcStatus.decode(body)) as { code: number; message: string };
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

describe('bad input over OTLP/HTTP', () => {
  let rx: ReceiverProcess;
  const acknowledged: string[] = [];

  /** A valid export must still succeed and be stored after every bad one. */
  async function stillServes(): Promise<void> {
    const traceId = hexId(16);
    const res = await postOtlp(rx.base, tracesProto([{ traceId, name: 'still alive' }]), PROTO);
    assert.equal(res.status, 200);
    acknowledged.push(traceId);
    const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${traceId}`);
    assert.equal(detail.spans[0]!.name, 'still alive');
  }

  before(async () => {
    rx = await startReceiverProcess({ args: ['--max-body-mb', '1'] });
    await stillServes();
  });
  after(async () => {
    // Nothing acknowledged was lost along the way.
    for (const id of acknowledged) await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${id}`);
    await rx.stop();
    await removeDir(rx.dataDir);
  });

  it('answers undecodable protobuf with 400 and a protobuf Status', async () => {
    const res = await postOtlp(rx.base, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), PROTO);
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-protobuf');
    const status = rpcStatus(res.body);
    assert.equal(status.code, 3);
    assert.match(status.message, /invalid protobuf ExportTraceServiceRequest/);
    await stillServes();
  });

  it('answers malformed JSON with 400 and a JSON Status naming the problem', async () => {
    const res = await postOtlp(rx.base, '{"resourceSpans": [', JSON_CT);
    assert.equal(res.status, 400);
    const body = JSON.parse(res.body.toString()) as { code: number; message: string };
    assert.equal(body.code, 3);
    assert.match(body.message, /invalid JSON/);
    const shape = await postOtlp(rx.base, '{"resourceSpans": "nope"}', JSON_CT);
    assert.equal(shape.status, 400);
    assert.match(shape.body.toString(), /resourceSpans must be an array/);
    const notObject = await postOtlp(rx.base, '[1,2]', JSON_CT);
    assert.equal(notObject.status, 400);
    await stillServes();
  });

  it('rejects unknown content types and encodings with 415', async () => {
    const res = await postOtlp(rx.base, 'hello', { 'content-type': 'text/plain' });
    assert.equal(res.status, 415);
    assert.match((JSON.parse(res.body.toString()) as { message: string }).message, /unsupported Content-Type "text\/plain"/);
    const br = await postOtlp(rx.base, tracesProto([{}]), { ...PROTO, 'content-encoding': 'br' });
    assert.equal(br.status, 415);
    assert.match(br.body.toString(), /Content-Encoding "br"/);
    await stillServes();
  });

  it('accepts content-type parameters, gzip and deflate', async () => {
    const traceId = hexId(16);
    const json = JSON.stringify(tracesJson([{ traceId, name: 'gzipped json' }]));
    const res = await postOtlp(rx.base, await gzip(json), {
      'content-type': 'application/json; charset=utf-8',
      'content-encoding': 'gzip',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), '{}');
    const deflated = zlib.deflateSync(tracesProto([{ name: 'deflated' }]));
    assert.equal((await postOtlp(rx.base, deflated, { ...PROTO, 'content-encoding': 'deflate' })).status, 200);
    const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${traceId}`);
    assert.equal(detail.spans[0]!.name, 'gzipped json');
    acknowledged.push(traceId);
  });

  it('answers a body over the limit with 413, declared or streamed', async () => {
    const big = Buffer.alloc(2 * MB, 0x41);
    const declared = await postOtlp(rx.base, big, PROTO);
    assert.equal(declared.status, 413);
    assert.match(rpcStatus(declared.body).message, /exceeds the limit of 1048576 bytes/);
    // Without Content-Length (chunked), the limit is enforced while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 32; i++) c.enqueue(Buffer.alloc(64 * 1024, 0x41));
        c.close();
      },
    });
    const res = await fetch(`${rx.base}/v1/traces`, { method: 'POST', headers: PROTO, body: stream, duplex: 'half' } as RequestInit);
    assert.equal(res.status, 413);
    await stillServes();
  });

  it('stops inflating a gzip bomb at the limit (413, no memory blow-up)', async () => {
    // 512 MiB of zeros compress to about 500 KiB: under the 1 MiB body limit, far over it inflated.
    const bomb = await gzip(Buffer.alloc(512 * MB));
    assert.ok(bomb.length < MB);
    const before = await rssMb(rx.child.pid!);
    const res = await postOtlp(rx.base, bomb, { ...PROTO, 'content-encoding': 'gzip' });
    assert.equal(res.status, 413);
    assert.match(rpcStatus(res.body).message, /gzip body inflates past the limit/);
    const afterRss = await rssMb(rx.child.pid!);
    assert.ok(afterRss - before < 64, `RSS grew by ${afterRss - before} MB`);
    await stillServes();
  });

  it('answers corrupt gzip with 400', async () => {
    const res = await postOtlp(rx.base, Buffer.from('this is not gzip at all'), { ...PROTO, 'content-encoding': 'gzip' });
    assert.equal(res.status, 400);
    assert.match(rpcStatus(res.body).message, /invalid gzip body/);
    await stillServes();
  });

  it('keeps valid spans and reports invalid ones as partial success', async () => {
    const good = hexId(16);
    const json = tracesJson([{ traceId: good, name: 'good' }, { traceId: 'abc', name: 'short id' }, { spanId: '0000000000000000' }]);
    const res = await postOtlp(rx.base, JSON.stringify(json), JSON_CT);
    assert.equal(res.status, 200);
    const body = JSON.parse(res.body.toString()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    assert.equal(body.partialSuccess.rejectedSpans, '2');
    assert.match(body.partialSuccess.errorMessage, /traceId must be 32 hex digits/);
    assert.match(body.partialSuccess.errorMessage, /spanId is all zeros/);
    acknowledged.push(good);
    // The protobuf response carries the same partial success.
    const proto = await postOtlp(rx.base, tracesProto([{ name: 'ok' }]).subarray(0, 0), PROTO);
    assert.equal(proto.status, 200, 'an empty request is a success');
  });

  it('survives absurdly nested values, in JSON and in protobuf', async () => {
    const depth = 5000;
    const value = '{"arrayValue":{"values":['.repeat(depth) + '{"stringValue":"deep"}' + ']}}'.repeat(depth);
    const template = JSON.stringify(tracesJson([{ name: 'nested', attributes: { deep: 'PLACEHOLDER' } }]));
    const json = template.replace('{"stringValue":"PLACEHOLDER"}', value);
    const res = await postOtlp(rx.base, json, JSON_CT);
    // Either the span is rejected as an item (partial success) or the body as too deep: never a crash.
    assert.ok(res.status === 200 || res.status === 400, `status ${res.status}`);
    assert.match(res.body.toString(), /nested deeper than 32 levels|Maximum call stack/);
    // The same in protobuf: AnyValue{array_value{values{AnyValue{...}}}}, built inside out.
    let inner: Buffer = Buffer.from([0x0a, 0x04, ...Buffer.from("deep")]);
    const lenDelimited = (field: number, body: Buffer): Buffer => {
      const len: number[] = [];
      let n = body.length;
      while (n > 0x7f) {
        len.push((n & 0x7f) | 0x80);
        n >>>= 7;
      }
      len.push(n);
      return Buffer.concat([Buffer.from([(field << 3) | 2, ...len]), body]);
    };
    for (let i = 0; i < depth; i++) inner = lenDelimited(5, lenDelimited(1, inner));
    const kv = Buffer.concat([lenDelimited(1, Buffer.from('deep')), lenDelimited(2, inner)]);
    const span = Buffer.concat([lenDelimited(1, Buffer.from(hexId(16), 'hex')), lenDelimited(2, Buffer.from(hexId(8), 'hex')), lenDelimited(9, kv)]);
    const request = lenDelimited(1, lenDelimited(2, lenDelimited(2, span)));
    const proto = await postOtlp(rx.base, request, PROTO);
    assert.ok(proto.status === 200 || proto.status === 400, `status ${proto.status}`);
    await stillServes();
  });

  it('answers wrong methods and paths helpfully', async () => {
    const get = await fetch(`${rx.base}/v1/traces`);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    const root = await fetch(`${rx.base}/`, { method: 'POST', headers: PROTO, body: tracesProto([{}]) });
    assert.equal(root.status, 404);
    assert.match(await root.text(), /\/v1\/traces/);
    const other = await fetch(`${rx.base}/v1/profiles`, { method: 'POST', headers: PROTO, body: 'x' });
    assert.equal(other.status, 404);
  });
});

describe('backpressure', () => {
  it('answers 503 with Retry-After when the store queue is full, and loses no acknowledged span', async () => {
    const rx = await startReceiverProcess({ args: ['--max-pending-mb', '0.05'] });
    try {
      const requests = Array.from({ length: 40 }, () => {
        const traceId = hexId(16);
        const prompt = 'x'.repeat(20 * 1024);
        return { traceId, body: tracesProto([{ traceId, name: 'load', attributes: { 'gen_ai.prompt': prompt } }]) };
      });
      const results = await Promise.all(
        requests.map(async (r) => ({ ...r, res: await postOtlp(rx.base, r.body, PROTO) })),
      );
      const refused = results.filter((r) => r.res.status === 503);
      const accepted = results.filter((r) => r.res.status === 200);
      assert.ok(refused.length > 0, 'some exports were refused');
      assert.ok(accepted.length > 0, 'some exports were accepted');
      assert.equal(refused.length + accepted.length, results.length);
      for (const r of refused) {
        assert.equal(r.res.headers.get('retry-after'), '1');
        assert.equal(rpcStatus(r.res.body).code, 14);
        assert.match(rpcStatus(r.res.body).message, /saturated/);
      }
      for (const r of accepted) await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${r.traceId}`);
      const h = await getJson<HealthResponse>(`${rx.base}/api/health`);
      assert.equal(h.store.traces, accepted.length);
      assert.equal(h.store.pendingBytes, 0);
    } finally {
      await rx.stop();
      await removeDir(rx.dataDir);
    }
  });
});

describe('bad input over OTLP/gRPC', () => {
  let rx: ReceiverProcess;
  let client: grpc.Client;
  before(async () => {
    rx = await startReceiverProcess({ args: ['--max-body-mb', '1'] });
    client = new grpc.Client(`127.0.0.1:${rx.grpcPort}`, grpc.credentials.createInsecure(), {
      'grpc.max_send_message_length': 8 * MB,
    });
  });
  after(async () => {
    client.close();
    await rx.stop();
    await removeDir(rx.dataDir);
  });

  function exportRaw(body: Buffer, options: grpc.CallOptions = {}): Promise<{ error: grpc.ServiceError | null; response?: Buffer }> {
    return new Promise((resolve) => {
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        (b: Buffer) => b,
        (b: Buffer) => b,
        body,
        new grpc.Metadata(),
        options,
        (error, response) => resolve({ error, response }),
      );
    });
  }

  it('accepts a valid export and answers INVALID_ARGUMENT to garbage', async () => {
    const traceId = hexId(16);
    const ok = await exportRaw(tracesProto([{ traceId, name: 'grpc ok' }]));
    assert.equal(ok.error, null);
    const bad = await exportRaw(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f]));
    assert.equal(bad.error?.code, grpc.status.INVALID_ARGUMENT);
    assert.match(bad.error!.details, /invalid protobuf/);
    const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${traceId}`);
    assert.equal(detail.spans[0]!.name, 'grpc ok');
  });

  it('answers RESOURCE_EXHAUSTED to an oversized message and keeps serving', async () => {
    const big = tracesProto([{ attributes: { blob: 'y'.repeat(2 * MB) } }]);
    const res = await exportRaw(big);
    assert.equal(res.error?.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.equal((await exportRaw(tracesProto([{ name: 'after big' }]))).error, null);
  });

  it('accepts gzip-compressed exports on all three services', async () => {
    const zipped = new grpc.Client(`127.0.0.1:${rx.grpcPort}`, grpc.credentials.createInsecure(), {
      'grpc.default_compression_algorithm': 2,
    });
    const call = (service: string, body: Uint8Array): Promise<grpc.ServiceError | null> =>
      new Promise((resolve) =>
        zipped.makeUnaryRequest(`/opentelemetry.proto.collector.${service}/Export`, (b: Buffer) => b, (b: Buffer) => b, Buffer.from(body), (e) => resolve(e)),
      );
    try {
      const traceId = hexId(16);
      assert.equal(await call('trace.v1.TraceService', tracesProto([{ traceId, name: 'gzip grpc', attributes: { p: 'z'.repeat(5000) } }])), null);
      const L = Proto.ExportLogsServiceRequest;
      const logs = L.encode(L.fromObject({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'grpc log' }, traceId: Buffer.from(traceId, 'hex') }] }] }] })).finish();
      assert.equal(await call('logs.v1.LogsService', logs), null);
      const M = Proto.ExportMetricsServiceRequest;
      const metrics = M.encode(M.fromObject({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'gpu.memory.used', gauge: { dataPoints: [{ asInt: 1024, timeUnixNano: '1' }] } }] }] }] })).finish();
      assert.equal(await call('metrics.v1.MetricsService', metrics), null);
      const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${traceId}`);
      assert.equal(detail.spans[0]!.name, 'gzip grpc');
      assert.deepEqual(detail.logs.map((l) => l.body), [{ stringValue: 'grpc log' }]);
      const m = await getJson<{ points: { value: number }[] }>(`${rx.base}/api/metrics?name=gpu.memory.used`);
      assert.deepEqual(m.points.map((p) => p.value), [1024]);
    } finally {
      zipped.close();
    }
  });

  it('answers UNIMPLEMENTED for unknown services', async () => {
    const res = await new Promise<grpc.ServiceError | null>((resolve) =>
      client.makeUnaryRequest('/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export', (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), (e) => resolve(e)),
    );
    assert.equal(res?.code, grpc.status.UNIMPLEMENTED);
  });
});
