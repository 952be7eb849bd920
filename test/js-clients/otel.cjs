// OpenTelemetry JS SDK set-up shared by the client scripts: a global tracer provider (and, for
// instrumentations that emit GenAI log events, a logger provider) exporting OTLP to the
// receiver under test, over HTTP/protobuf or gRPC. Run with the Node 22 of node_modules/.bin.
'use strict';
const { context, logs, trace } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { TracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs');

/** Parses `node CLIENT.cjs PROTOCOL OTLP_ENDPOINT OPENAI_BASE_URL` (http/protobuf or grpc). */
function parseArgs() {
  const [protocol, endpoint, openaiBaseUrl] = process.argv.slice(2);
  if (!['http/protobuf', 'grpc'].includes(protocol) || !endpoint || !openaiBaseUrl) {
    console.error('usage: CLIENT.cjs http/protobuf|grpc OTLP_ENDPOINT OPENAI_BASE_URL');
    process.exit(2);
  }
  return { protocol, endpoint: endpoint.replace(/\/$/, ''), openaiBaseUrl };
}

function traceExporter(protocol, endpoint) {
  if (protocol === 'grpc') {
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-grpc');
    return new OTLPTraceExporter({ url: endpoint });
  }
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter({ url: `${endpoint}/v1/traces` });
}

function logExporter(protocol, endpoint) {
  if (protocol === 'grpc') throw new Error('log export over gRPC is not set up in these clients');
  const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto');
  return new OTLPLogExporter({ url: `${endpoint}/v1/logs` });
}

/**
 * Registers the global providers. Call before requiring the instrumented library. Returns
 * `root(name, fn)`, which runs fn under a new root span and gives back its trace id, and
 * `shutdown()`, which flushes everything.
 */
function setUpOtel({ service, protocol, endpoint, withLogs = false }) {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const resource = resourceFromAttributes({ 'service.name': service });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor({ exporter: traceExporter(protocol, endpoint) })],
  });
  trace.setGlobalTracerProvider(tracerProvider);
  let loggerProvider;
  if (withLogs) {
    // Batched, as apps run it: records go out in emission order, one request at a time. (A simple
    // processor sends each record at once, concurrently, and the receiver cannot order records
    // that share a timestamp, as the v1.36 input-message events of one call do.)
    loggerProvider = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter: logExporter(protocol, endpoint) })] });
    logs.setGlobalLoggerProvider(loggerProvider);
  }
  const tracer = trace.getTracer('ltl-js-client');
  return {
    tracerProvider,
    loggerProvider,
    async root(name, fn) {
      return tracer.startActiveSpan(name, async (span) => {
        try {
          await fn();
        } finally {
          span.end();
        }
        return span.spanContext().traceId;
      });
    },
    async shutdown() {
      await tracerProvider.forceFlush();
      if (loggerProvider) await loggerProvider.forceFlush();
      await tracerProvider.shutdown();
      if (loggerProvider) await loggerProvider.shutdown();
    },
  };
}

/** The tool the clients offer the model. */
const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

function weather(args) {
  return JSON.stringify({ city: args.city, temperature_c: 21, sky: 'clear' });
}

/**
 * The scenarios every openai-package client runs: chat (system + user), streamed chat with
 * usage, a tool-call round trip, and embeddings, each under its own root span.
 */
async function runOpenAiScenarios(otel, client) {
  const traces = {};
  traces.chat = await otel.root('scenario chat', async () => {
    await client.chat.completions.create({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      max_tokens: 64,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hello to the trace lens' },
      ],
    });
  });
  traces.stream = await otel.root('scenario stream', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Stream a short greeting' }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    if (!text.startsWith('Echo:')) throw new Error(`unexpected streamed text ${text}`);
  });
  traces.tools = await otel.root('scenario tools', async () => {
    const messages = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [WEATHER_TOOL] });
    const call = first.choices[0].message.tool_calls[0];
    messages.push(first.choices[0].message);
    messages.push({ role: 'tool', tool_call_id: call.id, content: weather(JSON.parse(call.function.arguments)) });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [WEATHER_TOOL] });
  });
  traces.embed = await otel.root('scenario embed', async () => {
    await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['the trace lens', 'sees every call'],
      encoding_format: 'float',
    });
  });
  return traces;
}

/**
 * A whole client script for one openai-package instrumentation: OTel set up first, then the
 * instrumentation registered before `openai` is loaded (it patches the module on require), then
 * the scenarios, printing the scenario trace ids as one JSON line.
 */
function runInstrumentedOpenAi({ service, withLogs = false, instrumentation }) {
  const args = parseArgs();
  const otel = setUpOtel({ service, protocol: args.protocol, endpoint: args.endpoint, withLogs });
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  registerInstrumentations({ instrumentations: [instrumentation()] });
  const { OpenAI } = require('openai');
  (async () => {
    const client = new OpenAI({ baseURL: args.openaiBaseUrl, apiKey: 'sk-test-not-a-real-key', maxRetries: 0 });
    const traces = await runOpenAiScenarios(otel, client);
    await otel.shutdown();
    process.stdout.write(`${JSON.stringify({ traces })}\n`);
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

module.exports = { parseArgs, setUpOtel, runInstrumentedOpenAi, weather };
