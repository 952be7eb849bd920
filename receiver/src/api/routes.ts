// The read-only query API (plus "clear"). Served only to loopback Host names, never with CORS.
import express, { type Request, type Response, type Router } from 'express';
import type {
  ApiError,
  CallSitesResponse,
  CostQuery,
  CostResponse,
  HealthResponse,
  LlmCallsResponse,
  MetricsResponse,
  SpanWithLogs,
  TraceDetailResponse,
  TraceListResponse,
  WarningsResponse,
} from '../contract/api';
import type { TraceStore } from '../store/store';
import type { LlmCallRow } from '../contract/model';
import type { GpuCallStats } from '../contract/gpu';
import { callInput, extractLlmCall } from '../genai/extract';
import { messagesText } from '../genai/messages';
import type { PriceTable } from '../genai/price-table';
import type { WarningsService } from '../rules/warnings-service';
import type { RulesConfig } from '../contract/warnings';
import type { GpuService } from '../gpu/gpu-service';
import type { CallGpuStore } from '../gpu/call-gpu-store';
import { codeLocation } from '../pipeline/code-location';
import { costReport } from './cost';
import { callSites } from './call-sites';
import { gpuRouter } from './gpu-routes';
import { toTracesData } from '../otlp/export-json';
import { hostCheck } from './host-check';
import { namesMatchText, traceMatchesText } from './search';
import type { EventStream } from './sse';

const TRACE_ID = /^[0-9a-f]{32}$/;

export interface ApiOptions {
  store: TraceStore;
  events: EventStream;
  health: () => HealthResponse;
  prices: PriceTable;
  warnings: WarningsService;
  /** GPU view: live history, and per-call statistics for calls not settled yet. */
  gpu?: GpuService;
  /** Per-call GPU statistics kept with the calls once their window was covered. */
  callGpu?: CallGpuStore;
  allowedHosts: readonly string[];
}

class BadQuery extends Error {}

/** Epoch milliseconds or an ISO date. */
function timeParam(v: unknown, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw new BadQuery(`${name} must be given once`);
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n)) throw new BadQuery(`${name} must be epoch milliseconds or an ISO date, got "${v}"`);
  return n;
}

function stringParam(v: unknown, name: string): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw new BadQuery(`${name} must be given once`);
  return v;
}

/** A copy carrying warning ids, when there are any (the stored summary stays as it is). */
function withWarnings<T extends { warnings?: string[] }>(row: T, ids: string[]): T {
  return ids.length ? { ...row, warnings: ids } : row;
}

function limitParam(v: unknown): number {
  const raw = stringParam(v, 'limit');
  const limit = raw === undefined ? 100 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new BadQuery('limit must be 1-1000');
  return limit;
}

function fail(res: Response, status: number, error: string): void {
  const body: ApiError = { error };
  res.status(status).json(body);
}

export function apiRouter(opts: ApiOptions): Router {
  const { store } = opts;
  const router = express.Router();
  router.use(hostCheck(opts.allowedHosts));
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  /** A copy with the GPU activity during the call, for LLM and embedding calls the history covers. */
  function withGpu<T extends { spanClass: string; gpu?: GpuCallStats }>(
    call: T,
    at: { traceId: string; spanId: string; startTimeUnixNano: string },
    durationMs: number,
  ): T {
    if (!opts.gpu || (call.spanClass !== 'llm' && call.spanClass !== 'embedding')) return call;
    const gpu = opts.callGpu?.get(at.traceId, at.spanId) ?? opts.gpu.callStats(at.startTimeUnixNano, durationMs);
    return gpu ? { ...call, gpu } : call;
  }

  router.get('/health', (_req, res) => {
    res.json(opts.health());
  });

  router.get('/traces', async (req: Request, res: Response) => {
    try {
      const q = req.query;
      const limit = limitParam(q.limit);
      const status = stringParam(q.status, 'status');
      if (status !== undefined && status !== 'error') throw new BadQuery('status must be "error"');
      const cursor = stringParam(q.cursor, 'cursor');
      if (cursor !== undefined && !TRACE_ID.test(cursor)) throw new BadQuery('cursor is not valid');
      const text = stringParam(q.text, 'text');
      const filter = {
        service: stringParam(q.service, 'service'),
        errorsOnly: status === 'error',
        fromMs: timeParam(q.from, 'from'),
        toMs: timeParam(q.to, 'to'),
      };
      const match = text
        ? async (summary: { services: string[] }, names: string[], load: () => ReturnType<TraceStore['getTrace']>) => {
            if (namesMatchText(names, summary.services, text)) return true;
            const trace = await load();
            return trace !== null && traceMatchesText(trace, text);
          }
        : undefined;
      const page: TraceListResponse = await store.listTraces(filter, limit, cursor, match);
      page.traces = page.traces.map((t) => withWarnings(t, opts.warnings.forTrace(t.traceId)));
      res.json(page);
    } catch (err) {
      if (err instanceof BadQuery) fail(res, 400, err.message);
      else fail(res, 500, (err as Error).message);
    }
  });

  router.get('/traces/:traceId', async (req: Request, res: Response) => {
    const id = String(req.params.traceId).toLowerCase();
    if (!TRACE_ID.test(id)) return fail(res, 400, 'trace id must be 32 hex digits');
    const trace = await store.getTrace(id);
    if (!trace) return fail(res, 404, `trace ${id} not found`);
    const bySpan = new Map<string, SpanWithLogs>();
    const spans = trace.spans
      .sort((a, b) => (a.startTimeUnixNano.length - b.startTimeUnixNano.length) || (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0))
      .map((s) => {
        const withLogs: SpanWithLogs = { ...s, logs: [] };
        bySpan.set(s.spanId, withLogs);
        return withLogs;
      });
    const orphanLogs = [];
    for (const l of trace.logs) {
      const owner = l.spanId ? bySpan.get(l.spanId) : undefined;
      if (owner) owner.logs.push(l);
      else orphanLogs.push(l);
    }
    // Rebuilt here rather than stored: logs linked to a span may arrive after it.
    for (const s of spans) {
      const call = extractLlmCall(callInput(s, s.logs), opts.prices);
      if (call) s.llm = withGpu(call, s, call.durationMs);
      const code = codeLocation(s);
      if (code) s.code = code;
      const warned = opts.warnings.forSpan(s.spanId);
      if (warned.length) s.warnings = warned;
    }
    const body: TraceDetailResponse = {
      summary: withWarnings(trace.summary, opts.warnings.forTrace(id)),
      spans,
      logs: orphanLogs,
    };
    res.json(body);
  });

  router.get('/traces/:traceId/otlp', async (req: Request, res: Response) => {
    const id = String(req.params.traceId).toLowerCase();
    if (!TRACE_ID.test(id)) return fail(res, 400, 'trace id must be 32 hex digits');
    const trace = await store.getTrace(id);
    if (!trace) return fail(res, 404, `trace ${id} not found`);
    res.setHeader('Content-Disposition', `attachment; filename="trace-${id}.json"`);
    res.json(toTracesData(trace.spans));
  });

  router.get('/llm-calls', async (req: Request, res: Response) => {
    try {
      const q = req.query;
      const limit = limitParam(q.limit);
      const model = stringParam(q.model, 'model');
      const provider = stringParam(q.provider, 'provider');
      const service = stringParam(q.service, 'service');
      const operation = stringParam(q.operation, 'operation');
      const text = stringParam(q.text, 'text')?.toLowerCase();
      const fromMs = timeParam(q.from, 'from');
      const toMs = timeParam(q.to, 'to');
      const cursor = stringParam(q.cursor, 'cursor');
      const fromNs = fromMs !== undefined ? BigInt(Math.floor(fromMs)) * 1_000_000n : undefined;
      const toNs = toMs !== undefined ? BigInt(Math.floor(toMs)) * 1_000_000n : undefined;
      const rows = [...store.llmCalls()].filter((r) => {
        if (model && r.model !== model) return false;
        if (provider && r.provider !== provider) return false;
        if (service && r.service !== service) return false;
        if (operation && r.operation !== operation) return false;
        if (fromNs !== undefined || toNs !== undefined) {
          const t = BigInt(r.startTimeUnixNano);
          if ((fromNs !== undefined && t < fromNs) || (toNs !== undefined && t > toNs)) return false;
        }
        return true;
      });
      // Newest first; the cursor is "start:spanId" of the last row of the previous page.
      const key = (r: LlmCallRow): string => `${r.startTimeUnixNano.padStart(20, '0')}:${r.spanId}`;
      rows.sort((a, b) => (key(a) < key(b) ? 1 : -1));
      let i = 0;
      if (cursor) {
        const [start, spanId] = cursor.split(':');
        if (!start || !spanId) throw new BadQuery('cursor is not valid');
        const after = `${start.padStart(20, '0')}:${spanId}`;
        while (i < rows.length && key(rows[i]!) >= after) i++;
      }
      const out: LlmCallRow[] = [];
      let more = false;
      for (; i < rows.length; i++) {
        const r = rows[i]!;
        if (text && !(await callHasText(r, text))) continue;
        if (out.length === limit) {
          more = true;
          break;
        }
        out.push(r);
      }
      const last = out[out.length - 1];
      const body: LlmCallsResponse = {
        calls: out.map((c) => withGpu(withWarnings(c, opts.warnings.forSpan(c.spanId)), c, c.durationMs)),
        nextCursor: more && last ? `${last.startTimeUnixNano}:${last.spanId}` : null,
      };
      res.json(body);
    } catch (err) {
      if (err instanceof BadQuery) fail(res, 400, err.message);
      else fail(res, 500, (err as Error).message);
    }
  });

  async function callHasText(row: LlmCallRow, needle: string): Promise<boolean> {
    const trace = await store.getTrace(row.traceId);
    const span = trace?.spans.find((s) => s.spanId === row.spanId);
    if (!trace || !span) return false;
    const call = extractLlmCall(callInput(span, trace.logs), opts.prices);
    if (!call) return false;
    const haystack = [
      messagesText([{ role: 'system', parts: call.systemInstructions }]),
      messagesText(call.inputMessages),
      messagesText(call.outputMessages),
      call.rawInput ?? '',
      call.rawOutput ?? '',
    ].join('\n');
    return haystack.toLowerCase().includes(needle);
  }

  router.get('/cost', (req: Request, res: Response) => {
    try {
      const bucket = stringParam(req.query.bucketMs, 'bucketMs');
      const bucketMs = bucket === undefined ? undefined : Number(bucket);
      if (bucketMs !== undefined && (!Number.isInteger(bucketMs) || bucketMs < 1000)) throw new BadQuery('bucketMs must be an integer >= 1000');
      const q: CostQuery = {};
      const from = timeParam(req.query.from, 'from');
      const to = timeParam(req.query.to, 'to');
      const service = stringParam(req.query.service, 'service');
      if (from !== undefined) q.from = from;
      if (to !== undefined) q.to = to;
      if (bucketMs !== undefined) q.bucketMs = bucketMs;
      if (service) q.service = service;
      const body: CostResponse = costReport(store.llmCalls(), q, opts.warnings.session());
      res.json(body);
    } catch (err) {
      if (err instanceof BadQuery) fail(res, 400, err.message);
      else fail(res, 500, (err as Error).message);
    }
  });

  router.get('/call-sites', (req: Request, res: Response) => {
    try {
      const file = stringParam(req.query.file, 'file');
      const raw = stringParam(req.query.limit, 'limit');
      const limit = raw === undefined ? 5 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new BadQuery('limit must be 1-100');
      const body: CallSitesResponse = { sites: callSites(store.llmCalls(), file, limit) };
      res.json(body);
    } catch (err) {
      if (err instanceof BadQuery) fail(res, 400, err.message);
      else fail(res, 500, (err as Error).message);
    }
  });

  router.get('/rules', (_req, res) => {
    const body: RulesConfig = opts.warnings.rules();
    res.json(body);
  });

  router.get('/warnings', (_req, res) => {
    const body: WarningsResponse = { active: opts.warnings.active(), recent: opts.warnings.recent() };
    res.json(body);
  });

  router.delete('/traces', async (_req, res) => {
    const removed = await store.clear();
    res.json({ removed });
  });

  router.get('/metrics', (req: Request, res: Response) => {
    try {
      const body: MetricsResponse = {
        points: store.metrics({
          name: stringParam(req.query.name, 'name'),
          service: stringParam(req.query.service, 'service'),
          sinceMs: timeParam(req.query.since, 'since'),
        }),
      };
      res.json(body);
    } catch (err) {
      fail(res, 400, (err as Error).message);
    }
  });

  if (opts.gpu) router.use(gpuRouter(opts.gpu));

  router.get('/events', (req, res) => {
    opts.events.attach(req, res, { type: 'hello', health: opts.health() });
  });

  router.all('/{*rest}', (req, res) => fail(res, 404, `no API endpoint ${req.method} ${req.originalUrl}`));
  return router;
}
