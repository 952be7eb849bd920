// The /ui/gpu page's and the trace page's side of the GPU protocol, over the query API: the
// panel's first load, live samples and new calls from the event stream, and the GPU samples
// during one trace for the band under its flame graph.
import type { StreamEvent, TraceDetailResponse } from '../../../receiver/src/contract/api';
import type { ReceiverClient } from '../../../receiver/src/contract/client';
import type { GpuSample } from '../../../receiver/src/contract/gpu';
import type { LlmCallRow, TraceSummary } from '../../../receiver/src/contract/model';
import { compareNanos, nanosToMs } from '../format';
import type { HostToWebview } from '../protocol';
import { GPU_WINDOWS_MIN } from './gpu-history';

const KEEP_MS = GPU_WINDOWS_MIN[GPU_WINDOWS_MIN.length - 1]! * 60_000;
const PAGE = 1000;
/** Spans are often exported after later ones: look this far back for calls not yet sent. */
const LATE_MS = 60_000;
/** How far before a trace to look for the sample in force when it started (a few intervals). */
const LEAD_MS = 10_000;

async function callsSince(client: ReceiverClient, fromMs: number): Promise<LlmCallRow[]> {
  const out: LlmCallRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.llmCalls({ from: fromMs, limit: PAGE, ...(cursor ? { cursor } : {}) });
    out.push(...page.calls.filter((c) => c.spanClass === 'llm' || c.spanClass === 'embedding'));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < 20 * PAGE);
  return out;
}

export interface GpuFeed {
  load(): Promise<void>;
  onEvent(e: Extract<StreamEvent, { type: 'gpu' }>): void;
  onTraces(traces: readonly TraceSummary[]): void;
}

export function gpuFeed(client: ReceiverClient, emit: (msg: HostToWebview) => void): GpuFeed {
  const sent = new Set<string>();
  let loaded = false;
  let newestMs = 0;
  let fetching: Promise<void> | null = null;

  const remember = (calls: readonly LlmCallRow[]): LlmCallRow[] => {
    const fresh = calls.filter((c) => !sent.has(`${c.traceId}/${c.spanId}`));
    for (const c of fresh) {
      sent.add(`${c.traceId}/${c.spanId}`);
      newestMs = Math.max(newestMs, nanosToMs(c.startTimeUnixNano));
    }
    return fresh;
  };

  return {
    async load() {
      const since = Date.now() - KEEP_MS;
      const [gpu, rules, calls] = await Promise.all([client.gpu(since), client.rules(), callsSince(client, since)]);
      sent.clear();
      emit({ type: 'gpu', gpu, calls: remember(calls), rules });
      loaded = true;
    },
    onEvent(e) {
      if (loaded) emit({ type: 'gpu-live', latest: e.latest, state: e.state });
    },
    onTraces(traces) {
      if (!loaded || fetching || !traces.some((t) => t.llmCallCount > 0)) return;
      const from = Math.max(Date.now() - KEEP_MS, newestMs - LATE_MS);
      fetching = callsSince(client, from)
        .then((calls) => {
          const fresh = remember(calls).sort((a, b) => compareNanos(a.startTimeUnixNano, b.startTimeUnixNano));
          if (fresh.length) emit({ type: 'gpu-calls', calls: fresh });
        })
        .catch((err: unknown) => console.warn('llm-trace-lens: loading calls for the GPU panel failed', err))
        .finally(() => (fetching = null));
    },
  };
}

/** GPU samples during the trace (one sample either side, so the band covers its whole length). */
export async function traceGpu(client: ReceiverClient, detail: TraceDetailResponse): Promise<HostToWebview | null> {
  if (detail.spans.length === 0) return null;
  let start = Infinity;
  let end = -Infinity;
  for (const s of detail.spans) {
    start = Math.min(start, nanosToMs(s.startTimeUnixNano));
    end = Math.max(end, nanosToMs(s.endTimeUnixNano));
  }
  const gpu = await client.gpu(start - LEAD_MS);
  const history: Record<string, GpuSample[]> = {};
  for (const [device, samples] of Object.entries(gpu.history)) {
    const before = samples.filter((s) => s.timeMs <= start).pop();
    const during = samples.filter((s) => s.timeMs > start && s.timeMs <= end);
    const after = samples.find((s) => s.timeMs > end);
    const clipped = [before, ...during, after].filter((s): s is GpuSample => s !== undefined);
    if (clipped.some((s) => s.utilizationPct !== undefined) && (during.length > 0 || (before && after))) history[device] = clipped;
  }
  return { type: 'trace-gpu', traceId: detail.summary.traceId, history };
}
