// One normalised LLM call per span, merged from every convention the span carries. Readers run
// most specific first; for each field the first reader that has it wins, and `sources` records
// the winner wherever more than one convention gave the field.
import type {
  Convention,
  LlmCall,
  LlmCallSummary,
  LlmField,
  LlmTokens,
  LogRecord,
  Span,
  SpanClass,
} from '../contract/model';
import type { CallInput, Found, Reader } from './found';
import { normaliseProvider } from './providers';
import type { PriceTable } from './price-table';
import { langSmith } from './readers/langsmith';
import { logfire } from './readers/logfire';
import { openInference } from './readers/openinference';
import { openLit } from './readers/openlit';
import { openLlmetry } from './readers/openllmetry';
import { otelGenai, otelGenaiLegacy } from './readers/otel-genai';
import { vercelAi } from './readers/vercel-ai';
import { attrMap, num, plain, str } from './values';

/** Precedence: structured OpenTelemetry messages, then flattened vendor forms, then raw blobs. */
const READERS: Reader[] = [otelGenai, openInference, openLlmetry, vercelAi, logfire, openLit, otelGenaiLegacy, langSmith];

const SIMPLE_FIELDS = [
  'spanClass',
  'operation',
  'provider',
  'requestModel',
  'responseModel',
  'systemInstructions',
  'inputMessages',
  'outputMessages',
  'finishReasons',
  'ttftMs',
  'tool',
] as const satisfies readonly (keyof Found & LlmField)[];

const TOKEN_FIELDS: (keyof LlmTokens)[] = ['input', 'output', 'cachedInput', 'cacheCreation', 'reasoning', 'total'];

function present(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** Attribute prefixes and keys of every convention a reader knows. */
const MARKERS = /^(gen_ai\.|llm\.|ai\.|openinference\.|traceloop\.|logfire\.|langsmith\.|tool\.name$|input\.value$|output\.value$|request_data$|response_data$|operation\.cost$)/;

/**
 * Cheap test run on every span at ingest: most spans of an app (HTTP, database) carry no GenAI
 * convention, and building the full input for them would double the cost of ingest.
 */
export function mayBeLlmSpan(span: Span, logs: LogRecord[]): boolean {
  if (logs.length) return true;
  for (const a of span.attributes) if (MARKERS.test(a.key)) return true;
  for (const e of span.events) if (e.name.startsWith('gen_ai.') || e.name.startsWith('ai.') || e.name === 'First Token Stream Event') return true;
  return false;
}

export function callInput(span: Span, logs: LogRecord[]): CallInput {
  return {
    name: span.name,
    startNs: span.startTimeUnixNano,
    endNs: span.endTimeUnixNano,
    attrs: attrMap(span.attributes),
    events: span.events.map((e) => ({ name: e.name, timeNs: e.timeUnixNano, attrs: attrMap(e.attributes) })),
    logs: logs
      .filter((l) => l.spanId === span.spanId)
      .map((l) => {
        const attrs = attrMap(l.attributes);
        return {
          // The event name is a LogRecord field from semconv 1.30, an attribute before.
          eventName: l.eventName ?? str(attrs.get('event.name')) ?? '',
          timeNs: l.timeUnixNano !== '0' ? l.timeUnixNano : l.observedTimeUnixNano,
          body: plain(l.body),
          attrs,
        };
      }),
  };
}

function durationMs(input: CallInput): number {
  try {
    const d = BigInt(input.endNs) - BigInt(input.startNs);
    return d > 0n ? Number(d / 1000n) / 1000 : 0;
  } catch {
    return 0;
  }
}

/**
 * The normalised call, or null when the span carries no GenAI convention at all. `prices`
 * computes the cost where none was reported.
 */
export function extractLlmCall(input: CallInput, prices: PriceTable): LlmCall | null {
  const found: { convention: Convention; found: Found }[] = [];
  for (const r of READERS) {
    if (!r.detect(input)) continue;
    try {
      found.push({ convention: r.convention, found: r.read(input) });
    } catch {
      // A reader that meets a shape it does not expect gives nothing; the others still count.
    }
  }
  if (!found.length) return null;

  const sources: LlmCall['sources'] = {};
  const pick = <K extends keyof Found>(field: K, sourceKey: LlmField): Found[K] | undefined => {
    const having = found.filter((f) => present(f.found[field]));
    if (having.length > 1) sources[sourceKey] = having[0]!.convention;
    return having[0]?.found[field];
  };
  const picked: Partial<Pick<Found, (typeof SIMPLE_FIELDS)[number]>> = {};
  for (const f of SIMPLE_FIELDS) Object.assign(picked, { [f]: pick(f, f) });

  const tokens: LlmTokens = {};
  let tokenWinner: Convention | undefined;
  let tokenGivers = 0;
  for (const f of found) if (f.found.tokens && present(f.found.tokens)) tokenGivers++;
  for (const field of TOKEN_FIELDS) {
    const from = found.find((f) => f.found.tokens?.[field] !== undefined);
    if (from) {
      tokens[field] = from.found.tokens![field];
      tokenWinner ??= from.convention;
    }
  }
  if (tokenGivers > 1 && tokenWinner) sources.tokens = tokenWinner;
  if (tokens.total === undefined && (tokens.input !== undefined || tokens.output !== undefined)) {
    tokens.total = (tokens.input ?? 0) + (tokens.output ?? 0);
  }

  const params = Object.assign({}, ...found.map((f) => f.found.params ?? {}).reverse()) as LlmCall['params'];
  const reported = pick('reportedCostUsd', 'cost');
  const provider = normaliseProvider(picked.provider);
  const model = picked.responseModel ?? picked.requestModel;
  const hasContent = present(picked.inputMessages) || present(picked.outputMessages);
  const spanClass: SpanClass =
    found.find((f) => f.found.spanClassOverride)?.found.spanClassOverride ??
    picked.spanClass ??
    (model !== undefined || present(tokens) || hasContent ? 'llm' : 'other');
  if (spanClass === 'other' && !model && !present(tokens) && !hasContent && !picked.tool) return null;

  const cost = prices.cost({
    ...(provider ? { provider } : {}),
    ...(model ? { model } : {}),
    tokens,
    ...(reported ? { reported } : {}),
    ...(str(input.attrs.get('server.address')) ? { serverAddress: str(input.attrs.get('server.address'))! } : {}),
    ...(num(input.attrs.get('server.port')) !== undefined ? { serverPort: num(input.attrs.get('server.port'))! } : {}),
  });

  const outputMessages = picked.outputMessages ?? [];
  const finishReasons =
    picked.finishReasons ?? outputMessages.map((m) => m.finishReason).filter((r): r is string => r !== undefined);
  const call: LlmCall = {
    spanClass,
    systemInstructions: picked.systemInstructions ?? [],
    inputMessages: picked.inputMessages ?? [],
    outputMessages,
    finishReasons,
    params,
    tokens,
    cost,
    durationMs: found.find((f) => f.found.durationMs !== undefined)?.found.durationMs ?? durationMs(input),
    conventions: found.map((f) => f.convention),
    sources,
  };
  if (picked.operation) call.operation = picked.operation;
  if (provider) call.provider = provider;
  if (picked.requestModel) call.requestModel = picked.requestModel;
  if (picked.responseModel) call.responseModel = picked.responseModel;
  if (picked.ttftMs !== undefined && picked.ttftMs >= 0) call.ttftMs = picked.ttftMs;
  if (picked.tool) call.tool = picked.tool;
  // Raw text only matters when no structured messages were found for that side.
  const rawIn = found.find((f) => f.found.rawInput !== undefined)?.found.rawInput;
  const rawOut = found.find((f) => f.found.rawOutput !== undefined)?.found.rawOutput;
  if (rawIn !== undefined && !call.inputMessages.length) call.rawInput = rawIn;
  if (rawOut !== undefined && !call.outputMessages.length) call.rawOutput = rawOut;
  return call;
}

export function summariseCall(call: LlmCall): LlmCallSummary {
  const s: LlmCallSummary = {
    spanClass: call.spanClass,
    costUsd: call.cost.usd,
    costSource: call.cost.source,
    durationMs: call.durationMs,
    conventions: call.conventions,
  };
  const model = call.responseModel ?? call.requestModel;
  if (call.operation) s.operation = call.operation;
  if (call.provider) s.provider = call.provider;
  if (model) s.model = model;
  if (call.tokens.input !== undefined) s.inputTokens = call.tokens.input;
  if (call.tokens.output !== undefined) s.outputTokens = call.tokens.output;
  if (call.tokens.total !== undefined) s.totalTokens = call.tokens.total;
  if (call.ttftMs !== undefined) s.ttftMs = call.ttftMs;
  return s;
}
