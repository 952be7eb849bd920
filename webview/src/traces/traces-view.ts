// The sidebar list: every trace, newest first, live, filterable, virtualised.
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { TraceSummary } from '../../../receiver/src/contract/model';
import type { Warning } from '../../../receiver/src/contract/warnings';
import { clear, el } from '../dom';
import type { Host } from '../host';
import type { HostToWebview, PersistedViewState, ReceiverInfo } from '../protocol';
import { button } from '../controls';
import { emptyState } from './empty-state';
import { renderReceiverStatus } from './receiver-status';
import { matches, newestFirst, type TraceFilter } from './trace-filter';
import { ROW_HEIGHT, traceRow } from './trace-row';
import { VirtualList } from './virtual-list';

export function tracesView(root: HTMLElement, host: Host): void {
  const saved: PersistedViewState = host.getState() ?? {};
  const filter: TraceFilter = { text: saved.filterText ?? '', model: saved.model ?? '', errorsOnly: saved.errorsOnly ?? false };
  let paused = saved.paused ?? false;
  const rows = new Map<string, TraceSummary>();
  /** Updates that arrived while paused, applied on resume. */
  const held = new Map<string, TraceSummary>();
  let receiver: ReceiverInfo | null = null;
  let activeWarnings: Warning[] = [];
  let models: string[] | null = null;
  /** Ticked for "compare traces", oldest tick first; a third tick drops the oldest. */
  let ticked: string[] = (saved.compareTraceIds ?? []).slice(-2);

  const persist = (): void =>
    host.setState({ filterText: filter.text, model: filter.model, errorsOnly: filter.errorsOnly, paused, compareTraceIds: ticked });

  const list = new VirtualList<TraceSummary>({
    rowHeight: ROW_HEIGHT,
    renderRow: (t) => traceRow(t, ticked.includes(t.traceId)),
    key: (t) => t.traceId,
    label: 'Traces',
  });
  const open = (e: Event): void => {
    if ((e.target as HTMLElement).closest('.row-check')) return;
    const row = (e.target as HTMLElement).closest<HTMLElement>('.trace-row');
    const traceId = row?.dataset.traceId;
    if (traceId) host.post({ type: 'open-trace', traceId });
  };
  list.element.addEventListener('click', open);
  list.element.addEventListener('change', (e) => {
    const box = e.target as HTMLInputElement;
    const traceId = box.closest<HTMLElement>('.trace-row')?.dataset.traceId;
    if (!box.classList.contains('row-check') || !traceId) return;
    ticked = ticked.filter((id) => id !== traceId);
    if (box.checked) ticked = [...ticked, traceId].slice(-2);
    persist();
    refresh();
  });
  list.element.addEventListener('keydown', (e) => {
    // Space on the checkbox ticks it; it does not open the trace.
    if ((e.target as HTMLElement).closest('.row-check')) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(e);
    }
  });

  const text = el('vscode-textfield', { class: 'filter-text', attrs: { placeholder: 'Filter: name, service, model, trace id', 'aria-label': 'Filter traces' } });
  text.value = filter.text;
  text.addEventListener('input', () => {
    filter.text = text.value.trim();
    persist();
    refresh();
  });
  const modelSelect = el('vscode-single-select', { class: 'filter-model', attrs: { 'aria-label': 'Model' } });
  modelSelect.addEventListener('change', () => {
    filter.model = modelSelect.value;
    persist();
    refresh();
  });
  const errorsBox = el('vscode-checkbox', { class: 'filter-errors', attrs: { label: 'Errors only' } });
  errorsBox.checked = filter.errorsOnly;
  errorsBox.addEventListener('change', () => {
    filter.errorsOnly = errorsBox.checked;
    persist();
    refresh();
  });
  const pauseButton = button('Pause', () => setPaused(!paused), 'Pause or resume live updates');
  pauseButton.classList.add('pause-button');
  const clearButton = button('Clear', () => host.post({ type: 'clear-all' }), 'Delete every stored trace');
  clearButton.classList.add('clear-button');
  const compareButton = button('Compare traces', () => compareTicked(), 'Tick two traces in the list, then compare them span by span');
  compareButton.classList.add('compare-traces-button');
  const count = el('div', { class: 'list-count', attrs: { 'aria-live': 'polite' } });
  const body = el('div', { class: 'list-body' }, list.element);
  const empty = el('div', { class: 'list-empty' });
  const status = el('div', { class: 'receiver-status', attrs: { role: 'status' } });

  clear(root);
  root.append(
    el('div', { class: 'toolbar' }, text, el('div', { class: 'toolbar-row' }, modelSelect, errorsBox, pauseButton, clearButton, compareButton)),
    count,
    body,
    empty,
    status,
  );

  function setPaused(p: boolean): void {
    paused = p;
    if (!paused) {
      for (const [id, t] of held) rows.set(id, t);
      held.clear();
    }
    persist();
    refresh();
  }

  /** The older trace is A, the baseline; the newer is B. */
  function compareTicked(): void {
    const pair = ticked.map((id) => rows.get(id)).filter((t): t is TraceSummary => t !== undefined);
    if (pair.length !== 2) return;
    const [a, b] = pair.sort((x, y) => -newestFirst(x, y));
    host.post({ type: 'compare-traces', left: a!.traceId, right: b!.traceId });
  }

  function updateModels(): void {
    const set = new Set<string>();
    for (const t of rows.values()) for (const m of t.models) set.add(m);
    if (filter.model) set.add(filter.model);
    const next = [...set].sort();
    if (models && next.join('\n') === models.join('\n')) return;
    models = next;
    clear(modelSelect);
    const all = el('vscode-option', { text: 'All models', attrs: { value: '' } });
    modelSelect.append(all, ...models.map((m) => el('vscode-option', { text: m, attrs: { value: m } })));
    modelSelect.value = filter.model;
  }

  function refresh(): void {
    updateModels();
    // Ticks of traces that are gone (removed, cleared) are dropped.
    if (rows.size || receiver) ticked = ticked.filter((id) => rows.has(id) || held.has(id));
    const pairReady = ticked.length === 2;
    compareButton.toggleAttribute('disabled', !pairReady);
    compareButton.textContent = pairReady ? 'Compare traces' : `Compare traces (${ticked.length}/2)`;
    const all = [...rows.values()];
    const shown = all.filter((t) => matches(t, filter)).sort(newestFirst);
    list.setItems(shown);
    const newCount = held.size;
    pauseButton.textContent = paused ? (newCount ? `Resume (${newCount} new)` : 'Resume') : 'Pause';
    pauseButton.classList.toggle('paused', paused);
    const warnText = activeWarnings.length ? ` · ${activeWarnings.length} active warning${activeWarnings.length === 1 ? '' : 's'}` : '';
    count.textContent =
      `${shown.length === all.length ? `${all.length}` : `${shown.length} of ${all.length}`} trace${all.length === 1 ? '' : 's'}` +
      (paused ? ` · paused${newCount ? `, ${newCount} new` : ''}` : '') +
      warnText;
    const noTraces = all.length === 0;
    body.hidden = noTraces || shown.length === 0;
    clear(empty);
    empty.hidden = !noTraces && shown.length > 0;
    if (noTraces && receiver) empty.append(emptyState(receiver, (m) => host.post(m)));
    else if (shown.length === 0) empty.append(el('p', { class: 'no-match', text: 'No traces match the filter.' }));
  }

  function upsert(traces: TraceSummary[]): void {
    for (const t of traces) {
      if (paused) held.set(t.traceId, t);
      else rows.set(t.traceId, t);
    }
  }

  host.onMessage((msg: HostToWebview) => {
    switch (msg.type) {
      case 'init':
        rows.clear();
        held.clear();
        for (const t of msg.traces) rows.set(t.traceId, t);
        receiver = msg.receiver;
        activeWarnings = msg.warnings;
        renderReceiverStatus(status, receiver, (m) => host.post(m));
        break;
      case 'receiver':
        receiver = msg.receiver;
        renderReceiverStatus(status, receiver, (m) => host.post(m));
        break;
      case 'traces':
        upsert(msg.traces);
        break;
      case 'traces-removed':
        for (const id of msg.traceIds) {
          // A removal is never held back: the row would open a trace that is gone.
          rows.delete(id);
          held.delete(id);
        }
        break;
      case 'traces-cleared':
        rows.clear();
        held.clear();
        break;
      case 'warnings':
        activeWarnings = msg.warnings;
        break;
      default:
        return;
    }
    refresh();
  });
  refresh();
  host.post({ type: 'ready', view: 'traces' });
}
