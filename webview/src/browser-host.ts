// The host of the receiver's own browser page (/ui): the same HostToWebview / WebviewToHost
// protocol the extension speaks, implemented in the page over the query API (same origin).
import { ReceiverClient } from '../../receiver/src/contract/client';
import type { HealthResponse, StreamEvent } from '../../receiver/src/contract/api';
import type { TraceSummary } from '../../receiver/src/contract/model';
import type { Warning } from '../../receiver/src/contract/warnings';
import { callsCompareUrl, loadComparison, onPickChanged, previousCall, readPick, tracesCompareUrl, writePick } from './compare-view/browser-compare';
import { costFeed } from './cost/cost-browser';
import { gpuFeed, traceGpu } from './gpu/gpu-browser';
import type { Host } from './host';
import type { HostToWebview, PersistedViewState, ReceiverInfo, ViewKind, WebviewToHost } from './protocol';
import { CallsFeed, searchAnswer } from './traces/list-queries';

/** The store keeps at most 20,000 traces by default; the list shows them all. */
const MAX_LIST = 20000;

export function browserHost(view: ViewKind, traceId: string | undefined): Host {
  const client = new ReceiverClient('');
  const handlers: ((msg: HostToWebview) => void)[] = [];
  const emit = (msg: HostToWebview): void => handlers.forEach((h) => h(msg));
  const stateKey = `llm-trace-lens:${view}:${traceId ?? ''}`;
  let health: HealthResponse | undefined;
  let following: AbortController | null = null;
  const warnings = new Map<string, Warning>();
  const cost = view === 'cost' ? costFeed(client, emit) : null;
  const gpu = view === 'gpu' ? gpuFeed(client, emit) : null;
  const calls = new CallsFeed(() => client, emit, (line) => console.warn(`llm-trace-lens: ${line}`));

  const receiverInfo = (state: ReceiverInfo['state'], detail?: string): ReceiverInfo => ({
    state,
    httpEndpoint: location.origin,
    grpcEndpoint: health?.ports.grpc ? `http://${location.hostname}:${health.ports.grpc}` : null,
    ...(detail ? { detail } : {}),
    ...(health ? { health } : {}),
  });

  const loadTraces = async (): Promise<TraceSummary[]> => {
    if (view !== 'traces') return [];
    return client.recentTraces(MAX_LIST);
  };

  const sendTrace = async (selectSpanId?: string): Promise<void> => {
    if (!traceId) return;
    try {
      const detail = await client.trace(traceId);
      emit({ type: 'trace', detail, ...(selectSpanId ? { selectSpanId } : {}) });
      traceGpu(client, detail)
        .then((m) => m && emit(m))
        .catch((err: unknown) => console.warn('llm-trace-lens: GPU samples for the trace failed', err));
    } catch (err) {
      emit({ type: 'trace-missing', traceId, reason: err instanceof Error ? err.message : String(err) });
    }
  };

  const init = async (): Promise<void> => {
    try {
      health = await client.health();
      const [traces, w] = await Promise.all([loadTraces(), client.warnings()]);
      warnings.clear();
      for (const x of w.active) warnings.set(x.id, x);
      emit({ type: 'init', view, receiver: receiverInfo('attached'), traces, warnings: w.active });
      calls.changed();
      emit({ type: 'compare-pick', pick: readPick() });
      const span = new URLSearchParams(location.search).get('span') ?? undefined;
      await sendTrace(span);
      await gpu?.load();
      cost?.changed();
      if (view === 'compare') emit(await loadComparison(client, document.body.dataset));
    } catch (err) {
      emit({ type: 'init', view, receiver: receiverInfo('error', `receiver not reachable: ${String(err)}`), traces: [], warnings: [] });
    }
  };

  const onEvent = (e: StreamEvent): void => {
    switch (e.type) {
      case 'hello':
        health = e.health;
        return;
      case 'traces':
        cost?.changed();
        calls.changed();
        gpu?.onTraces(e.traces);
        if (view === 'traces') emit({ type: 'traces', traces: e.traces });
        else if (e.traces.some((t) => t.traceId === traceId)) void sendTrace();
        return;
      case 'traces-removed':
        cost?.changed();
        calls.changed();
        if (view === 'traces') emit({ type: 'traces-removed', traceIds: e.traceIds });
        else if (traceId && e.traceIds.includes(traceId)) emit({ type: 'trace-missing', traceId, reason: 'the trace was removed' });
        return;
      case 'warnings':
        for (const c of e.changes) {
          if (c.change === 'cleared') warnings.delete(c.warning.id);
          else warnings.set(c.warning.id, c.warning);
        }
        emit({ type: 'warnings', warnings: [...warnings.values()] });
        return;
      case 'gpu':
        gpu?.onEvent(e);
        return;
      default:
        return;
    }
  };

  const follow = (): void => {
    following?.abort();
    following = new AbortController();
    let wasDown = false;
    void client.follow(onEvent, following.signal, (connected, error) => {
      if (!connected) {
        wasDown = true;
        emit({ type: 'receiver', receiver: receiverInfo('error', `receiver not reachable (${error ?? 'disconnected'}); retrying`) });
      } else if (wasDown) {
        // Events were missed while the stream was down: start again from the query API.
        wasDown = false;
        void init();
      }
    });
  };

  const exportTrace = async (id: string): Promise<void> => {
    const text = await client.traceOtlp(id);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `trace-${id}.otlp.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const handle = async (msg: WebviewToHost): Promise<void> => {
    switch (msg.type) {
      case 'ready':
        await init();
        follow();
        return;
      case 'open-trace':
        location.href = `/ui/trace/${encodeURIComponent(msg.traceId)}${msg.spanId ? `?span=${encodeURIComponent(msg.spanId)}` : ''}`;
        return;
      case 'copy':
        await navigator.clipboard.writeText(msg.text);
        return;
      case 'clear-all':
        if (!confirm('Delete every stored trace from this receiver?')) return;
        await client.clear();
        emit({ type: 'traces-cleared' });
        calls.changed();
        return;
      case 'export-trace':
        await exportTrace(msg.traceId);
        return;
      case 'command':
      case 'open-native-diff':
        // Commands and the native diff editor need the extension.
        return;
      case 'compare-calls':
        location.href = callsCompareUrl(msg.left, msg.right);
        return;
      case 'compare-traces':
        location.href = tracesCompareUrl(msg.left, msg.right);
        return;
      case 'compare-previous': {
        const found = await previousCall(client, msg.call);
        if ('left' in found) location.href = callsCompareUrl(found.left, msg.call);
        else emit({ type: 'compare-missing', reason: found.reason });
        return;
      }
      case 'open-view':
        location.href = `/ui/${msg.view}`;
        return;
      case 'cost-range':
        await cost?.load(msg.range);
        return;
      case 'export-cost-csv':
        await cost?.exportCsv(msg.range);
        return;
      case 'search':
        emit(await searchAnswer(client, msg.query, msg.seq));
        return;
      case 'list-calls':
        calls.request(msg.limit);
        return;
      case 'pick-for-compare':
        writePick(msg.pick);
        emit({ type: 'compare-pick', pick: msg.pick });
        return;
    }
  };

  onPickChanged((pick) => emit({ type: 'compare-pick', pick }));

  return {
    post: (msg) => {
      handle(msg).catch((err: unknown) => console.warn(`llm-trace-lens: ${msg.type} failed`, err));
    },
    onMessage: (h) => handlers.push(h),
    getState: () => {
      const raw = sessionStorage.getItem(stateKey);
      if (!raw) return undefined;
      try {
        return JSON.parse(raw) as PersistedViewState;
      } catch {
        return undefined;
      }
    },
    setState: (state) => sessionStorage.setItem(stateKey, JSON.stringify(state)),
  };
}
