// The official OpenTelemetry JS SDK exporters (protobuf, JSON, gRPC) against a real receiver
// process: every span, attribute type, parent link, event, link and timestamp must round-trip.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import type { MetricsResponse, TraceDetailResponse, TraceListResponse } from '../../receiver/src/contract/api';
import type { AnyValue, KeyValue } from '../../receiver/src/contract/model';
import { emitAgentTrace, traceExporter, tracerProvider, type Transport } from '../helpers/otel-sdk';
import { getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';

function attr(attrs: KeyValue[], key: string): AnyValue | undefined {
  return attrs.find((a) => a.key === key)?.value;
}

describe('OpenTelemetry JS SDK → receiver round trip', () => {
  let rx: ReceiverProcess;
  before(async () => {
    rx = await startReceiverProcess();
  });
  after(async () => {
    await rx.stop();
    await removeDir(rx.dataDir);
  });

  for (const transport of ['http/protobuf', 'http/json', 'grpc'] as Transport[]) {
    it(`keeps every field over ${transport}`, async () => {
      const provider = tracerProvider(traceExporter(transport, rx.httpPort, rx.grpcPort), `svc-${transport}`);
      const sent = emitAgentTrace(provider, transport);
      // forceFlush resolves when the exporter got its 200: the data must be queryable now.
      await provider.forceFlush();
      await provider.shutdown();

      const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${sent.traceId}`);
      assert.equal(detail.spans.length, 3);
      assert.equal(detail.summary.rootName, `agent ${transport}`);
      assert.equal(detail.summary.rootKnown, true);
      assert.equal(detail.summary.service, `svc-${transport}`);
      assert.equal(detail.summary.spanCount, 3);
      assert.equal(detail.summary.hasError, true);
      assert.equal(detail.summary.startTimeUnixNano, '1700000000123456789');
      assert.equal(detail.summary.endTimeUnixNano, '1700000003000000001');

      const byName = new Map(detail.spans.map((s) => [s.name, s]));
      const root = byName.get(`agent ${transport}`)!;
      const llm = byName.get('chat gpt-4o-mini')!;
      const tool = byName.get('execute_tool search')!;
      assert.equal(root.parentSpanId, undefined);
      assert.equal(root.kind, 2);
      assert.equal(root.spanId, sent.root.spanContext().spanId);
      assert.equal(llm.parentSpanId, root.spanId);
      assert.equal(tool.parentSpanId, root.spanId);
      assert.equal(llm.kind, 3);
      assert.equal(llm.startTimeUnixNano, '1700000000223456789');
      assert.equal(llm.endTimeUnixNano, '1700000001999999999');
      assert.deepEqual(llm.status, { code: 2, message: 'rate limited' });

      assert.deepEqual(attr(llm.attributes, 'gen_ai.request.model'), { stringValue: 'gpt-4o-mini' });
      assert.deepEqual(attr(llm.attributes, 'gen_ai.usage.input_tokens'), { intValue: '42' });
      assert.deepEqual(attr(llm.attributes, 'gen_ai.request.temperature'), { doubleValue: 0.25 });
      assert.deepEqual(attr(llm.attributes, 'gen_ai.stream'), { boolValue: false });
      assert.deepEqual(attr(llm.attributes, 'test.big_int'), { intValue: String(2 ** 40) });
      assert.deepEqual(attr(llm.attributes, 'gen_ai.response.finish_reasons'), {
        arrayValue: { values: [{ stringValue: 'stop' }, { stringValue: 'length' }] },
      });
      assert.deepEqual(attr(llm.attributes, 'test.int_array'), {
        arrayValue: { values: [{ intValue: '1' }, { intValue: '2' }, { intValue: '3' }] },
      });
      assert.deepEqual(attr(llm.attributes, 'test.bool_array'), {
        arrayValue: { values: [{ boolValue: true }, { boolValue: false }] },
      });
      assert.deepEqual(attr(llm.attributes, 'test.double_array'), {
        arrayValue: { values: [{ doubleValue: 1.5 }, { doubleValue: 2.5 }] },
      });
      assert.deepEqual(attr(llm.attributes, 'test.unicode'), { stringValue: 'héllo ✓ 日本 <script>alert(1)</script>' });

      assert.equal(llm.events.length, 1);
      assert.equal(llm.events[0]!.name, 'gen_ai.content.prompt');
      assert.equal(llm.events[0]!.timeUnixNano, '1700000000300000001');
      assert.deepEqual(attr(llm.events[0]!.attributes, 'gen_ai.prompt'), { stringValue: `Tell me about ${transport}` });
      assert.equal(llm.links.length, 1);
      assert.equal(llm.links[0]!.traceId, sent.traceId);
      assert.equal(llm.links[0]!.spanId, root.spanId);
      assert.deepEqual(attr(llm.links[0]!.attributes, 'link.kind'), { stringValue: 'caused-by' });

      assert.equal(llm.scope.name, 'roundtrip-test');
      assert.equal(llm.scope.version, '1.2.3');
      assert.deepEqual(attr(llm.resource.attributes, 'service.name'), { stringValue: `svc-${transport}` });
      assert.deepEqual(attr(llm.resource.attributes, 'deployment.environment'), { stringValue: 'test' });
      assert.ok(attr(llm.resource.attributes, 'telemetry.sdk.language'), 'SDK resource attributes kept');
      assert.equal(llm.service, `svc-${transport}`);
    });
  }

  it('lists traces newest first with filters and cursor paging', async () => {
    const list = await getJson<TraceListResponse>(`${rx.base}/api/traces`);
    assert.ok(list.traces.length >= 3);
    const starts = list.traces.map((t) => BigInt(t.startTimeUnixNano));
    for (let i = 1; i < starts.length; i++) assert.ok(starts[i - 1]! >= starts[i]!, 'newest first');
    const grpcOnly = await getJson<TraceListResponse>(`${rx.base}/api/traces?service=svc-grpc`);
    assert.deepEqual(grpcOnly.traces.map((t) => t.service), ['svc-grpc']);
    const errors = await getJson<TraceListResponse>(`${rx.base}/api/traces?status=error`);
    assert.ok(errors.traces.every((t) => t.hasError));
    // Text matches attribute values that are not in any span name (read from the segments).
    const text = await getJson<TraceListResponse>(`${rx.base}/api/traces?text=${encodeURIComponent('about http/json')}`);
    assert.deepEqual(text.traces.map((t) => t.rootName), ['agent http/json']);
    const page1 = await getJson<TraceListResponse>(`${rx.base}/api/traces?limit=1`);
    assert.equal(page1.traces.length, 1);
    assert.ok(page1.nextCursor);
    const page2 = await getJson<TraceListResponse>(`${rx.base}/api/traces?limit=1&cursor=${page1.nextCursor}`);
    assert.equal(page2.traces.length, 1);
    assert.notEqual(page2.traces[0]!.traceId, page1.traces[0]!.traceId);
    const tooEarly = await getJson<TraceListResponse>(`${rx.base}/api/traces?to=1000`);
    assert.equal(tooEarly.traces.length, 0);
    const window = await getJson<TraceListResponse>(`${rx.base}/api/traces?from=2023-11-14T00:00:00Z&to=2023-11-15T00:00:00Z`);
    assert.ok(window.traces.length >= 3);
  });

  for (const [name, Exporter] of [
    ['protobuf', ProtoLogExporter],
    ['JSON', JsonLogExporter],
  ] as const) {
    it(`links log records (${name}) to their spans`, async () => {
      const provider = tracerProvider(traceExporter('http/protobuf', rx.httpPort, rx.grpcPort), `logs-${name}`);
      const tracer = provider.getTracer('logs-test');
      const span = tracer.startSpan('chat with logs');
      const logs = new LoggerProvider({
        resource: resourceFromAttributes({ 'service.name': `logs-${name}` }),
        // The batch processor's forceFlush waits for the export (the simple one's does not).
        processors: [new BatchLogRecordProcessor({ exporter: new Exporter({ url: `${rx.base}/v1/logs` }) })],
      });
      // Logs usually arrive before their span (shorter export interval): send them first.
      logs.getLogger('gen_ai').emit({
        eventName: 'gen_ai.user.message',
        body: { role: 'user', content: 'What is the capital of France?' },
        severityNumber: SeverityNumber.INFO,
        attributes: { 'gen_ai.system': 'openai' },
        context: trace.setSpan(ROOT_CONTEXT, span),
      });
      await logs.forceFlush();
      span.end();
      await provider.forceFlush();
      const traceId = span.spanContext().traceId;
      const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${traceId}`);
      assert.equal(detail.spans.length, 1);
      const linked = detail.spans[0]!.logs;
      assert.equal(linked.length, 1);
      assert.equal(linked[0]!.spanId, span.spanContext().spanId);
      assert.equal(linked[0]!.severityNumber, SeverityNumber.INFO);
      assert.equal(linked[0]!.eventName, 'gen_ai.user.message');
      const body = linked[0]!.body!;
      assert.ok('kvlistValue' in body);
      assert.deepEqual(attr(body.kvlistValue.values, 'content'), { stringValue: 'What is the capital of France?' });
      assert.equal(detail.summary.logCount, 1);
      await logs.shutdown();
      await provider.shutdown();
    });
  }

  it('keeps recent metric points (histograms and gauges)', async () => {
    const reader = new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: `${rx.base}/v1/metrics` }),
      exportIntervalMillis: 60000,
    });
    const meters = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'metrics-svc' }), readers: [reader] });
    const meter = meters.getMeter('gen_ai');
    const tokens = meter.createHistogram('gen_ai.client.token.usage', { unit: '{token}' });
    tokens.record(120, { 'gen_ai.token.type': 'input' });
    tokens.record(30, { 'gen_ai.token.type': 'output' });
    meter.createObservableGauge('gpu.utilization', { unit: '%' }).addCallback((r) => r.observe(87.5, { 'gpu.index': 0 }));
    await meters.forceFlush();
    const hist = await getJson<MetricsResponse>(`${rx.base}/api/metrics?name=gen_ai.client.token.usage`);
    assert.equal(hist.points.length, 2);
    const input = hist.points.find((p) => attr(p.attributes, 'gen_ai.token.type') && 'stringValue' in attr(p.attributes, 'gen_ai.token.type')! && JSON.stringify(attr(p.attributes, 'gen_ai.token.type')) === '{"stringValue":"input"}')!;
    assert.equal(input.type, 'histogram');
    assert.equal(input.count, 1);
    assert.equal(input.sum, 120);
    assert.equal(input.unit, '{token}');
    assert.equal(input.service, 'metrics-svc');
    assert.ok(Array.isArray(input.bucketCounts) && input.bucketCounts.length > 0);
    const gpu = await getJson<MetricsResponse>(`${rx.base}/api/metrics?name=gpu.*`);
    assert.equal(gpu.points.length, 1);
    assert.equal(gpu.points[0]!.type, 'gauge');
    assert.equal(gpu.points[0]!.value, 87.5);
    await meters.shutdown();
  });
});
