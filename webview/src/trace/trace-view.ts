// The trace panel: header, flame graph and the selected span's details. The flame graph is
// created once and fed new spans when late spans of the trace arrive.
import type { SpanWithLogs, TraceDetailResponse } from '../../../receiver/src/contract/api';
import { clear, el } from '../dom';
import { createFlameGraph } from '../flame/flame-graph';
import type { FlameGraphHandle, FlameGraphOptions } from '../flame/types';
import type { Host } from '../host';
import type { HostToWebview, PersistedViewState, WebviewToHost } from '../protocol';
import type { ComparePick } from '../compare-view/call-actions';
import { flameSpans, traceStartNs } from './flame-spans';
import { createGpuBand } from './gpu-band';
import { renderFlameLegend } from './flame-legend';
import { renderSpanDetails } from './span-details';
import { traceHeader } from './trace-header';

/** With nothing chosen yet, the first LLM call is the most useful span to show. */
function defaultSpan(spans: readonly SpanWithLogs[]): string | undefined {
  return (spans.find((s) => s.llm?.spanClass === 'llm') ?? spans.find((s) => !s.parentSpanId) ?? spans[0])?.spanId;
}

export function traceView(root: HTMLElement, host: Host, traceId: string): void {
  const saved: PersistedViewState = host.getState() ?? {};
  const state: PersistedViewState = saved.traceId === traceId ? { ...saved } : { traceId };
  let detail: TraceDetailResponse | null = null;
  let flame: FlameGraphHandle | null = null;

  const header = el('div', { class: 'trace-header-slot' });
  const flameBox = el('div', { class: 'flame-box', attrs: { 'aria-label': 'Flame graph of the trace' } });
  const details = el('div', { class: 'span-details' });
  const message = el('div', { class: 'trace-message', attrs: { role: 'status' } });
  clear(root);
  const gpuBand = createGpuBand();
  const legend = el('div', { class: 'flame-legend', attrs: { 'aria-label': 'Span colours' } });
  root.append(header, message, flameBox, gpuBand.element, legend, details);

  const persist = (): void => host.setState(state);
  let comparePick: ComparePick = null;
  /** The span that last asked for "compare with previous", and the host's answer when none was found. */
  let compareAsked: { spanId: string; note?: string } | null = null;
  const comparePost = (m: WebviewToHost): void => {
    if (m.type === 'compare-previous') compareAsked = { spanId: m.call.spanId };
    host.post(m);
  };
  const showDetails = (): void => {
    const span = detail?.spans.find((s) => s.spanId === state.selectedSpanId);
    const note = compareAsked && compareAsked.spanId === span?.spanId ? compareAsked.note : undefined;
    renderSpanDetails(
      details,
      span,
      state.detailTab,
      (tab) => {
        state.detailTab = tab;
        persist();
      },
      { pick: comparePick, post: comparePost, ...(note ? { note } : {}) },
    );
  };
  const select = (spanId: string | null): void => {
    if (spanId) state.selectedSpanId = spanId;
    else delete state.selectedSpanId;
    persist();
    showDetails();
  };

  const flameOptions: FlameGraphOptions = {
    onSelect: select,
    onViewport: (startNs, endNs) => {
      state.zoom = [startNs, endNs];
      gpuBand.setViewport(startNs, endNs);
      persist();
    },
  };

  const show = (d: TraceDetailResponse, selectSpanId?: string): void => {
    const first = detail === null;
    detail = d;
    message.textContent = '';
    clear(header);
    header.append(traceHeader(d.summary, () => host.post({ type: 'export-trace', traceId })));
    const graph = (flame ??= createFlameGraph(flameBox, flameOptions));
    const spans = flameSpans(d);
    graph.setSpans(spans);
    renderFlameLegend(legend, spans);
    // A shallow trace gets a short graph, so the details are not pushed below empty rows.
    flameBox.style.height = `min(38vh, ${graph.contentHeight() + 6}px)`;
    gpuBand.setTrace(traceStartNs(d.spans), Math.max(0, ...spans.map((s) => s.endNs)));
    const wanted = selectSpanId ?? state.selectedSpanId;
    state.selectedSpanId = wanted && d.spans.some((s) => s.spanId === wanted) ? wanted : defaultSpan(d.spans);
    if (first && state.zoom) {
      graph.setViewport(state.zoom[0], state.zoom[1]);
      gpuBand.setViewport(state.zoom[0], state.zoom[1]);
    }
    graph.select(state.selectedSpanId ?? null);
    persist();
    showDetails();
  };

  host.onMessage((msg: HostToWebview) => {
    if (msg.type === 'trace' && msg.detail.summary.traceId === traceId) show(msg.detail, msg.selectSpanId);
    else if (msg.type === 'trace-missing' && msg.traceId === traceId) message.textContent = `Trace ${traceId} is not available: ${msg.reason}`;
    else if (msg.type === 'trace-gpu' && msg.traceId === traceId) gpuBand.setHistory(msg.history);
    else if (msg.type === 'compare-pick') {
      comparePick = msg.pick;
      if (detail) showDetails();
    } else if (msg.type === 'compare-missing' && compareAsked) {
      compareAsked.note = msg.reason;
      if (detail) showDetails();
    }
  });
  host.post({ type: 'ready', view: 'trace' });
}
