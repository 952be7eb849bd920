// A typed client for the query API and its event stream, built only on `fetch`, so the same
// code runs in the extension host (Node 20+, Electron) and in the browser page the receiver
// serves. No EventSource: Node has none, and reading the SSE body ourselves gives both sides
// the same reconnect behaviour.
import type {
  ApiError,
  CallSitesResponse,
  CostQuery,
  CostResponse,
  GpuResponse,
  HealthResponse,
  LlmCallsQuery,
  LlmCallsResponse,
  StreamEvent,
  TraceDetailResponse,
  TraceListQuery,
  TraceListResponse,
  WarningsResponse,
} from './api';
import type { TraceSummary } from './model';
import type { RulesConfig } from './warnings';

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

type Query = Record<string, string | number | undefined>;

function queryString(q: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export class ReceiverClient {
  /** `base` is the receiver's origin, e.g. http://127.0.0.1:4318, or '' for same-origin. */
  constructor(readonly base: string) {}

  health(signal?: AbortSignal): Promise<HealthResponse> {
    return this.get('/api/health', signal);
  }

  traces(q: TraceListQuery = {}): Promise<TraceListResponse> {
    return this.get(`/api/traces${queryString({ ...q })}`);
  }

  /** The newest trace summaries, newest first, paging through the list until `max` are read. */
  async recentTraces(max: number): Promise<TraceSummary[]> {
    const out: TraceSummary[] = [];
    let cursor: string | undefined;
    do {
      // 1000 is the API's largest page.
      const page = await this.traces({ limit: 1000, ...(cursor ? { cursor } : {}) });
      out.push(...page.traces);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && out.length < max);
    return out.slice(0, max);
  }

  trace(traceId: string): Promise<TraceDetailResponse> {
    return this.get(`/api/traces/${encodeURIComponent(traceId)}`);
  }

  /** The trace as an OTLP/JSON ExportTraceServiceRequest, as text (ready to save). */
  async traceOtlp(traceId: string): Promise<string> {
    const res = await fetch(`${this.base}/api/traces/${encodeURIComponent(traceId)}/otlp`);
    if (!res.ok) throw await errorOf(res);
    return res.text();
  }

  llmCalls(q: LlmCallsQuery = {}): Promise<LlmCallsResponse> {
    return this.get(`/api/llm-calls${queryString({ ...q })}`);
  }

  cost(q: CostQuery = {}): Promise<CostResponse> {
    return this.get(`/api/cost${queryString({ ...q })}`);
  }

  /** Call sites in files whose reported path ends with `file` (every site without it). */
  callSites(file?: string, limit?: number): Promise<CallSitesResponse> {
    return this.get(`/api/call-sites${queryString({ file, limit })}`);
  }

  /** The warning thresholds in force. */
  rules(): Promise<RulesConfig> {
    return this.get('/api/rules');
  }

  warnings(): Promise<WarningsResponse> {
    return this.get('/api/warnings');
  }

  gpu(sinceMs?: number): Promise<GpuResponse> {
    return this.get(`/api/gpu${queryString({ since: sinceMs })}`);
  }

  async clear(): Promise<void> {
    const res = await fetch(`${this.base}/api/traces`, { method: 'DELETE' });
    if (!res.ok) throw await errorOf(res);
  }

  /** Sends one OTLP/JSON export request body to /v1/traces, /v1/logs or /v1/metrics. */
  async postOtlpJson(signal: 'traces' | 'logs' | 'metrics', body: string): Promise<void> {
    const res = await fetch(`${this.base}/v1/${signal}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (!res.ok) throw await errorOf(res);
  }

  /**
   * Follows `GET /api/events` until `signal` aborts, reconnecting after a dropped connection.
   * `onState` reports whether the stream is connected, so a view can say "receiver gone".
   */
  async follow(
    onEvent: (e: StreamEvent) => void,
    signal: AbortSignal,
    onState: (connected: boolean, error?: string) => void = () => {},
    retryMs = 1000,
  ): Promise<void> {
    while (!signal.aborted) {
      try {
        const res = await fetch(`${this.base}/api/events`, { signal, headers: { accept: 'text/event-stream' } });
        if (!res.ok || !res.body) throw await errorOf(res);
        onState(true);
        await readSse(res.body, onEvent);
        onState(false, 'event stream ended');
      } catch (err) {
        if (signal.aborted) return;
        onState(false, err instanceof Error ? err.message : String(err));
      }
      await sleep(retryMs, signal);
    }
  }

  private async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    const res = await fetch(`${this.base}${path}`, signal ? { signal } : {});
    if (!res.ok) throw await errorOf(res);
    return (await res.json()) as T;
  }
}

async function errorOf(res: Response): Promise<ApiRequestError> {
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as Partial<ApiError>;
    if (typeof body.error === 'string') message = `${res.status}: ${body.error}`;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiRequestError(message, res.status);
}

async function readSse(body: ReadableStream<Uint8Array>, onEvent: (e: StreamEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (data) onEvent(JSON.parse(data) as StreamEvent);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}
