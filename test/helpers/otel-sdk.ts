// Real OpenTelemetry JS SDK clients pointed at a receiver under test.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span as ApiSpan } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';

export type Transport = 'http/protobuf' | 'http/json' | 'grpc';

export function traceExporter(transport: Transport, httpPort: number, grpcPort: number): SpanExporter {
  switch (transport) {
    case 'http/protobuf':
      return new ProtoTraceExporter({ url: `http://127.0.0.1:${httpPort}/v1/traces` });
    case 'http/json':
      return new JsonTraceExporter({ url: `http://127.0.0.1:${httpPort}/v1/traces` });
    case 'grpc':
      return new GrpcTraceExporter({ url: `http://127.0.0.1:${grpcPort}` });
  }
}

export function tracerProvider(exporter: SpanExporter, service: string): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'test' })),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
}

export interface SentTrace {
  traceId: string;
  root: ApiSpan;
  llm: ApiSpan;
  tool: ApiSpan;
}

/**
 * A small agent-shaped trace: root → LLM call (every attribute type, events, a link, an error
 * status) and a tool span. Returns the live span objects for expected values.
 */
export function emitAgentTrace(provider: BasicTracerProvider, label: string): SentTrace {
  const tracer = provider.getTracer('roundtrip-test', '1.2.3');
  const root = tracer.startSpan(`agent ${label}`, { kind: SpanKind.SERVER, startTime: [1_700_000_000, 123_456_789] });
  const rootCtx = trace.setSpan(ROOT_CONTEXT, root);
  const llm = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      kind: SpanKind.CLIENT,
      startTime: [1_700_000_000, 223_456_789],
      attributes: {
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 42,
        'gen_ai.request.temperature': 0.25,
        'gen_ai.stream': false,
        'gen_ai.response.finish_reasons': ['stop', 'length'],
        'test.int_array': [1, 2, 3],
        'test.bool_array': [true, false],
        'test.double_array': [1.5, 2.5],
        'test.unicode': 'héllo ✓ 日本 <script>alert(1)</script>',
        'test.big_int': 2 ** 40,
      },
      links: [{ context: root.spanContext(), attributes: { 'link.kind': 'caused-by' } }],
    },
    rootCtx,
  );
  llm.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': `Tell me about ${label}` }, [1_700_000_000, 300_000_001]);
  llm.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  llm.end([1_700_000_001, 999_999_999]);
  const tool = tracer.startSpan('execute_tool search', { startTime: [1_700_000_002, 0] }, rootCtx);
  tool.setAttribute('gen_ai.tool.name', 'search');
  tool.end([1_700_000_002, 500_000_000]);
  root.end([1_700_000_003, 1]);
  return { traceId: root.spanContext().traceId, root, llm, tool };
}
