// Deterministic, realistic LLM trace traffic for the ingest benchmark, pre-encoded as OTLP
// protobuf ExportTraceServiceRequest bodies.
//
// Each request carries one resource (one app process) and 5 traces of ~10 spans: a server root,
// nested internal/client children, and one or two LLM spans carrying 1-3 KB gen_ai.prompt and
// gen_ai.completion strings plus the usual gen_ai.* attributes.
//
// The receiver keeps the first copy of each (trace id, span id), so replaying the same bytes would
// measure de-duplication, not ingest. Templates are therefore encoded once, and every send patches
// a copy in place: the first 4 bytes of every trace and span id (parent ids included) become the
// request sequence number, and every fixed64 timestamp is shifted to "now". Ids and timestamps are
// fixed-size fields, so the patched body has the same size and decode cost as the template.
import { createHash } from 'node:crypto';
import { Proto } from '../../receiver/src/otlp/proto';
import { mulberry32 } from '../helpers/prng';

// ---- seeded PRNG ---------------------------------------------------------------------------------

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.next() * items.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(this.next() * 256);
    // Never all zeros (invalid id); the patched prefix keeps the rest.
    b[n - 1] = (b[n - 1]! | 1) & 0xff;
    return b;
  }
}

// ---- OTLP object shapes accepted by protobufjs fromObject -----------------------------------------

interface AnyValueObj {
  stringValue?: string;
  intValue?: number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values: AnyValueObj[] };
}
interface KeyValueObj {
  key: string;
  value: AnyValueObj;
}
interface EventObj {
  timeUnixNano: string;
  name: string;
  attributes: KeyValueObj[];
}
interface SpanObj {
  traceId: Buffer;
  spanId: Buffer;
  parentSpanId?: Buffer;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValueObj[];
  events: EventObj[];
  status: { code: number; message?: string };
  flags: number;
}

type Attr = string | number | boolean | string[] | { double: number };

function attrs(o: Record<string, Attr>): KeyValueObj[] {
  return Object.entries(o).map(([key, v]) => ({ key, value: anyValue(v) }));
}

function anyValue(v: Attr): AnyValueObj {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: v } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map((s) => ({ stringValue: s })) } };
  return { doubleValue: v.double };
}

// ---- content ------------------------------------------------------------------------------------

const WORDS = (
  'the a of to and in is for on with that this be are as it by from at or an can will your you we our ' +
  'customer order refund account invoice shipping delivery package tracking payment card subscription plan ' +
  'upgrade downgrade cancel renewal billing address email password reset login security verification code ' +
  'product warranty return policy exchange store inventory available price discount coupon promotion ' +
  'please thank help question answer issue problem error failed success status update request response ' +
  'summary context document section paragraph citation source retrieved relevant according based previous ' +
  'conversation assistant user system tool function call result weather temperature forecast city today ' +
  'tomorrow week schedule meeting calendar reminder note task project deadline report analysis data table ' +
  'query database record field value number total average count list item step first then next finally ' +
  'should would could might must always never usually sometimes however therefore because although while'
).split(' ');

function sentence(rng: Rng): string {
  const n = rng.int(6, 18);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(WORDS));
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + rng.pick(['.', '.', '.', '?', '!']);
}

function text(rng: Rng, bytes: number): string {
  let out = '';
  while (out.length < bytes) out += (out ? ' ' : '') + sentence(rng);
  return out.slice(0, bytes);
}

/** A chat prompt as instrumentations record it: JSON messages, `targetBytes` long in total. */
function promptText(rng: Rng, targetBytes: number): string {
  const system = `You are a helpful support assistant for Acme. ${text(rng, 160)}`;
  const shell = JSON.stringify([
    { role: 'system', content: system },
    { role: 'user', content: '' },
  ]);
  const user = text(rng, Math.max(32, targetBytes - shell.length));
  return JSON.stringify([
    { role: 'system', content: system },
    { role: 'user', content: user },
  ]);
}

function completionText(rng: Rng, targetBytes: number): string {
  const shell = JSON.stringify([{ role: 'assistant', content: '' }]);
  return JSON.stringify([{ role: 'assistant', content: text(rng, Math.max(32, targetBytes - shell.length)) }]);
}

const SERVICES = [
  { name: 'support-bot', language: 'python', runtime: 'cpython', runtimeVersion: '3.12.7', sdkVersion: '1.29.0' },
  { name: 'rag-api', language: 'nodejs', runtime: 'nodejs', runtimeVersion: '20.18.1', sdkVersion: '1.30.1' },
  { name: 'agent-worker', language: 'python', runtime: 'cpython', runtimeVersion: '3.11.10', sdkVersion: '1.28.2' },
] as const;

const MODELS = [
  { request: 'gpt-4o', response: 'gpt-4o-2024-08-06', system: 'openai', server: 'api.openai.com' },
  { request: 'gpt-4o-mini', response: 'gpt-4o-mini-2024-07-18', system: 'openai', server: 'api.openai.com' },
  { request: 'claude-3-5-sonnet', response: 'claude-3-5-sonnet-20241022', system: 'anthropic', server: 'api.anthropic.com' },
] as const;

const KIND = { internal: 1, server: 2, client: 3 } as const;

// ---- templates ----------------------------------------------------------------------------------

export interface Template {
  /** The encoded ExportTraceServiceRequest. */
  buf: Buffer;
  spans: number;
  traces: number;
  /** Byte offsets of every trace id / span id (parents included) occurrence in `buf`. */
  idOffsets: number[];
  /** Byte offsets of every fixed64 timestamp in `buf`. */
  timeOffsets: number[];
  /** The latest timestamp in the template. */
  lastNanos: bigint;
}

/** Timestamps in templates are relative to this; `materialize` shifts them to the send time. */
export const TEMPLATE_BASE_NANOS = 1_700_000_000_000_000_000n;

export const TRACES_PER_REQUEST = 5;

interface TraceBuild {
  spans: SpanObj[];
  /** Each id once, with the number of times it must occur in the encoding. */
  ids: { id: Buffer; count: number }[];
}

function buildTrace(rng: Rng, serviceName: string, times: Set<bigint>, traceStart: bigint): TraceBuild {
  const traceId = rng.bytes(16);
  const spans: SpanObj[] = [];
  const children = new Map<string, number>();
  const usedSpanIds = new Set<string>();
  const ns = (ms: number): bigint => BigInt(Math.round(ms * 1e6));
  const stamp = (t: bigint): string => {
    let v = t;
    while (times.has(v)) v += 1n;
    times.add(v);
    return v.toString();
  };
  const newSpanId = (): Buffer => {
    for (;;) {
      const id = rng.bytes(8);
      // The low 4 bytes survive patching: they alone must be unique within the trace.
      const key = id.subarray(4).toString('hex');
      if (!usedSpanIds.has(key)) {
        usedSpanIds.add(key);
        return id;
      }
    }
  };
  const add = (
    parent: SpanObj | undefined,
    name: string,
    kind: number,
    startMs: number,
    durMs: number,
    attributes: KeyValueObj[],
    extra: { events?: EventObj[]; error?: string } = {},
  ): SpanObj => {
    const spanId = newSpanId();
    const start = traceStart + ns(startMs);
    const span: SpanObj = {
      traceId,
      spanId,
      name,
      kind,
      startTimeUnixNano: stamp(start),
      endTimeUnixNano: stamp(start + ns(durMs)),
      attributes,
      events: extra.events ?? [],
      status: extra.error ? { code: 2, message: extra.error } : { code: 0 },
      flags: 0x101,
    };
    if (parent) {
      span.parentSpanId = parent.spanId;
      const key = parent.spanId.toString('hex');
      children.set(key, (children.get(key) ?? 0) + 1);
    }
    spans.push(span);
    return span;
  };

  const total = rng.int(1800, 9000);
  const route = rng.pick(['/v1/chat', '/v1/ask', '/api/support/message', '/agent/run']);
  const root = add(undefined, `POST ${route}`, KIND.server, 0, total, attrs({
    'http.request.method': 'POST',
    'http.route': route,
    'url.path': route,
    'url.scheme': 'https',
    'http.response.status_code': 200,
    'server.address': `${serviceName}.internal`,
    'server.port': 8080,
    'user_agent.original': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15',
    'client.address': `10.0.${rng.int(0, 255)}.${rng.int(1, 254)}`,
  }));
  const agent = add(root, 'agent.run', KIND.internal, 2, total - 6, attrs({
    'agent.name': 'support-agent',
    'session.id': rng.bytes(8).toString('hex'),
    'user.id': `u-${rng.int(1000, 99999)}`,
  }));
  const retrieve = add(agent, 'retrieve_documents', KIND.internal, 4, 180, attrs({ 'retrieval.top_k': 8, 'retrieval.query_chars': rng.int(40, 400) }));
  add(retrieve, 'embeddings text-embedding-3-small', KIND.client, 5, 60, attrs({
    'gen_ai.system': 'openai',
    'gen_ai.operation.name': 'embeddings',
    'gen_ai.request.model': 'text-embedding-3-small',
    'gen_ai.usage.input_tokens': rng.int(12, 120),
    'server.address': 'api.openai.com',
    'server.port': 443,
  }));
  add(retrieve, 'vectordb.query', KIND.client, 70, 100, attrs({
    'db.system': 'qdrant',
    'db.operation.name': 'search',
    'db.collection.name': 'kb_articles',
    'db.response.returned_rows': 8,
  }));

  const llmCount = rng.float() < 0.5 ? 1 : 2;
  let at = 200;
  for (let i = 0; i < llmCount; i++) {
    const model = rng.pick(MODELS);
    const prompt = promptText(rng, rng.int(1024, 3072));
    const completion = completionText(rng, rng.int(1024, 3072));
    const inputTokens = Math.round(prompt.length / 4);
    const outputTokens = Math.round(completion.length / 4);
    const dur = rng.int(600, Math.max(700, Math.floor((total - at) / (llmCount - i)) - 400));
    const llm = add(agent, `chat ${model.request}`, KIND.client, at, dur, attrs({
      'gen_ai.system': model.system,
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': model.request,
      'gen_ai.response.model': model.response,
      'gen_ai.request.temperature': { double: rng.pick([0.2, 0.5, 0.7, 1.0]) + 0.05 },
      'gen_ai.request.top_p': { double: 0.95 },
      'gen_ai.request.max_tokens': rng.pick([512, 1024, 2048, 4096]),
      'gen_ai.usage.input_tokens': inputTokens,
      'gen_ai.usage.output_tokens': outputTokens,
      'gen_ai.response.id': `chatcmpl-${rng.bytes(12).toString('base64url')}`,
      'gen_ai.response.finish_reasons': [rng.pick(['stop', 'stop', 'stop', 'length', 'tool_calls'])],
      'gen_ai.prompt': prompt,
      'gen_ai.completion': completion,
      'server.address': model.server,
      'server.port': 443,
    }), {
      events: [
        {
          timeUnixNano: stamp(traceStart + ns(at + rng.int(150, 500))),
          name: 'gen_ai.content.first_token',
          attributes: attrs({ 'gen_ai.response.time_to_first_token_ms': rng.int(150, 500) }),
        },
      ],
    });
    add(llm, 'HTTP POST', KIND.client, at + 1, dur - 2, attrs({
      'http.request.method': 'POST',
      'url.full': `https://${model.server}/v1/chat/completions`,
      'http.response.status_code': 200,
      'server.address': model.server,
      'server.port': 443,
    }));
    at += dur + rng.int(20, 120);
  }
  // Small spans to reach ~10 per trace (8-12): tools, cache, post-processing.
  const target = rng.int(8, 12);
  while (spans.length < target) {
    const k = rng.int(0, 3);
    const startMs = rng.int(10, Math.max(11, total - 50));
    const dur = rng.int(1, 40);
    if (k === 0) {
      const tool = rng.pick(['get_order_status', 'lookup_customer', 'get_weather', 'search_kb']);
      const failed = rng.float() < 0.05;
      add(agent, `tool.call ${tool}`, KIND.internal, startMs, dur, attrs({
        'gen_ai.tool.name': tool,
        'gen_ai.tool.call.id': `call_${rng.bytes(9).toString('base64url')}`,
        'tool.arguments': JSON.stringify({ id: rng.int(1000, 999999), verbose: false }),
      }), failed ? { error: `${tool} timed out after 30s` } : {});
    } else if (k === 1) {
      add(agent, 'cache.get', KIND.client, startMs, dur, attrs({ 'db.system': 'redis', 'db.operation.name': 'GET', 'cache.hit': rng.float() < 0.3 }));
    } else if (k === 2) {
      add(root, 'guardrails.check', KIND.internal, startMs, dur, attrs({ 'guardrails.policy': 'pii-v2', 'guardrails.passed': true }));
    } else {
      add(root, 'render_response', KIND.internal, startMs, dur, attrs({ 'response.chars': rng.int(200, 4000) }));
    }
  }

  const ids: { id: Buffer; count: number }[] = [{ id: traceId, count: spans.length }];
  for (const s of spans) ids.push({ id: s.spanId, count: 1 + (children.get(s.spanId.toString('hex')) ?? 0) });
  return { spans, ids };
}

function offsetsOf(buf: Buffer, needle: Buffer, expected: number, what: string): number[] {
  const out: number[] = [];
  for (let i = buf.indexOf(needle); i !== -1; i = buf.indexOf(needle, i + 1)) out.push(i);
  if (out.length !== expected) throw new Error(`payload template: ${what} occurs ${out.length} times, expected ${expected}`);
  return out;
}

function buildTemplate(seed: number, index: number): Template {
  const rng = new Rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const svc = SERVICES[index % SERVICES.length]!;
  const resource = {
    attributes: attrs({
      'service.name': svc.name,
      'service.version': `1.${rng.int(0, 9)}.${rng.int(0, 30)}`,
      'service.instance.id': rng.bytes(16).toString('hex'),
      'service.namespace': 'acme',
      'deployment.environment.name': 'dev',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.language': svc.language,
      'telemetry.sdk.version': svc.sdkVersion,
      'host.name': `dev-laptop-${rng.int(1, 9)}`,
      'host.arch': 'arm64',
      'os.type': 'darwin',
      'process.pid': rng.int(1000, 60000),
      'process.runtime.name': svc.runtime,
      'process.runtime.version': svc.runtimeVersion,
    }),
  };
  const times = new Set<bigint>();
  const traces: TraceBuild[] = [];
  for (let t = 0; t < TRACES_PER_REQUEST; t++) {
    const start = TEMPLATE_BASE_NANOS + BigInt(t) * 1_500_000_000n + BigInt(rng.int(0, 900_000_000));
    traces.push(buildTrace(rng, svc.name, times, start));
  }
  const all = traces.flatMap((t) => t.spans);
  const isLlm = (s: SpanObj): boolean => s.name.startsWith('chat ') || s.name.startsWith('embeddings ');
  const request = {
    resourceSpans: [
      {
        resource,
        scopeSpans: [
          { scope: { name: 'opentelemetry.instrumentation.openai', version: '0.48.0' }, spans: all.filter(isLlm) },
          { scope: { name: `${svc.name}.app`, version: '1.0.0' }, spans: all.filter((s) => !isLlm(s)) },
        ],
        schemaUrl: 'https://opentelemetry.io/schemas/1.27.0',
      },
    ],
  };
  const T = Proto.ExportTraceServiceRequest;
  const buf = Buffer.from(T.encode(T.fromObject(request)).finish());
  const idOffsets: number[] = [];
  for (const tr of traces) {
    for (const { id, count } of tr.ids) idOffsets.push(...offsetsOf(buf, id, count, `id ${id.toString('hex')}`));
  }
  const timeOffsets: number[] = [];
  for (const v of times) {
    const le = Buffer.alloc(8);
    le.writeBigUInt64LE(v);
    timeOffsets.push(...offsetsOf(buf, le, 1, `timestamp ${v}`));
  }
  const lastNanos = [...times].reduce((a, b) => (b > a ? b : a), TEMPLATE_BASE_NANOS);
  return { buf, spans: all.length, traces: TRACES_PER_REQUEST, idOffsets, timeOffsets, lastNanos };
}

/** `count` request templates, the same bytes for the same seed in every process. */
export function buildTemplates(seed: number, count: number): Template[] {
  const out: Template[] = [];
  for (let i = 0; i < count; i++) out.push(buildTemplate(seed, i));
  return out;
}

export function templatesHash(templates: readonly Template[]): string {
  const h = createHash('sha256');
  for (const t of templates) h.update(t.buf);
  return h.digest('hex');
}

/**
 * A sendable copy of a template: ids get `seq` as their first 4 bytes (unique per request), and
 * timestamps are shifted so that the last span ends at `endNanos` (a batch exporter sends spans
 * once they have ended).
 */
export function materialize(t: Template, seq: number, endNanos: bigint): Buffer {
  const out = Buffer.from(t.buf);
  for (const o of t.idOffsets) out.writeUInt32BE(seq >>> 0, o);
  const delta = endNanos - t.lastNanos;
  for (const o of t.timeOffsets) out.writeBigUInt64LE(out.readBigUInt64LE(o) + delta, o);
  return out;
}

export function nowNanos(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

// ---- client <-> orchestrator protocol -------------------------------------------------------------

export interface ClientConfig {
  /** Receiver base URL, e.g. http://127.0.0.1:4318 */
  base: string;
  seed: number;
  templates: number;
  concurrency: number;
  /** First request sequence number (keeps ids unique across client runs). */
  seqStart: number;
  /** duration: warm up, then measure for durationMs. requests: send exactly `count`. */
  mode: { kind: 'duration'; warmupMs: number; durationMs: number } | { kind: 'requests'; count: number };
  label: string;
}

export interface ClientResult {
  label: string;
  templatesHash: string;
  /** Measurement window (after warm-up) in ms. */
  windowMs: number;
  window: {
    requests: number;
    acked: number;
    ackedSpans: number;
    ackedBytes: number;
    /** Ack latency (send start to full response) of every 200 completed in the window. */
    latenciesMs: number[];
  };
  totals: {
    requests: number;
    acked: number;
    ackedSpans: number;
    ackedBytes: number;
    /** Bytes of every request the receiver answered (any status). */
    answeredBytes: number;
    statuses: Record<string, number>;
    networkErrors: number;
    firstError: string | null;
  };
  /** Acked spans per second since the client started (by completion time), warm-up included. */
  perSecondAckedSpans: number[];
  nextSeq: number;
}

export type ClientMessage = { type: 'started'; atMs: number } | { type: 'result'; result: ClientResult };
