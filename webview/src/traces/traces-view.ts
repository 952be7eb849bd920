// The sidebar list: every trace (or, in calls mode, every LLM call), newest first, live,
// filterable (also through prompts and responses, on the receiver), virtualised.
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { LlmCallRow, TraceSummary } from '../../../receiver/src/contract/model';
import type { Warning } from '../../../receiver/src/contract/warnings';
import { clear, el } from '../dom';
import type { Host } from '../host';
import type { HostToWebview, ListMode, PersistedViewState, ReceiverInfo } from '../protocol';
import { button } from '../controls';
import { CallsPane } from './calls-pane';
import { DeepSearch } from './deep-search';
import { emptyState } from './empty-state';
import { modeToggle } from './mode-toggle';
import { renderReceiverStatus } from './receiver-status';
import { matches, newestFirst, type TraceFilter } from './trace-filter';
import { ROW_HEIGHT, traceRow } from './trace-row';
import { VirtualList } from './virtual-list';
import './traces-list.css';

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
  let mode: ListMode = saved.listMode ?? 'traces';
  let deepOn = saved.deepSearch ?? true;
  /** The newest calls the host sent while paused, shown on resume. */
  let heldCalls: LlmCallRow[] | null = null;
  let callsAsked = false;
  const deep = new DeepSearch((m) => host.post(m), () => refresh());
  const calls = new CallsPane(host, saved.compareCalls ?? [], () => {
    persist();
    refresh();
  });

  const persist = (): void =>
    host.setState({
      filterText: filter.text,
      model: filter.model,
      errorsOnly: filter.errorsOnly,
      paused,
      compareTraceIds: ticked,
      listMode: mode,
      compareCalls: calls.ticks,
      deepSearch: deepOn,
    });

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
    search();
    refresh();
  });
  const deepBox = el('vscode-checkbox', {
    class: 'filter-deep',
    title: 'From three characters on, also search the prompts, responses, attributes and logs stored on the receiver',
    attrs: { label: 'Search prompts and responses' },
  });
  deepBox.checked = deepOn;
  deepBox.addEventListener('change', () => {
    deepOn = deepBox.checked;
    persist();
    search();
    refresh();
  });
  const toggle = modeToggle((m) => setMode(m));
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
  const deepNote = el('div', { class: 'deep-search-note', attrs: { 'aria-live': 'polite' } });
  const body = el('div', { class: 'list-body' });
  const empty = el('div', { class: 'list-empty' });
  const status = el('div', { class: 'receiver-status', attrs: { role: 'status' } });

  clear(root);
  root.append(
    el(
      'div',
      { class: 'toolbar' },
      toggle.element,
      text,
      el('div', { class: 'toolbar-row' }, modelSelect, errorsBox, deepBox, pauseButton, clearButton, compareButton, calls.compareButton),
    ),
    count,
    deepNote,
    body,
    empty,
    status,
  );

  function setPaused(p: boolean): void {
    paused = p;
    if (!paused) {
      for (const [id, t] of held) rows.set(id, t);
      held.clear();
      if (heldCalls) calls.setCalls(heldCalls);
      heldCalls = null;
    }
    persist();
    refresh();
  }

  function setMode(m: ListMode): void {
    mode = m;
    if (mode === 'calls' && !callsAsked) {
      callsAsked = true;
      host.post({ type: 'list-calls' });
    }
    persist();
    search();
    refresh();
  }

  /** Deep search is for trace rows; calls mode filters its calls in the page only. */
  function search(): void {
    deep.setQuery(filter.text, deepOn && mode === 'traces');
  }

  /** The older trace is A, the baseline; the newer is B. */
  function compareTicked(): void {
    const pair = ticked.map((id) => rows.get(id)).filter((t): t is TraceSummary => t !== undefined);
    if (pair.length !== 2) return;
    const [a, b] = pair.sort((x, y) => -newestFirst(x, y));
    host.post({ type: 'compare-traces', left: a!.traceId, right: b!.traceId });
  }

  function updateModels(): void {
    const set = new Set<string>(mode === 'calls' ? calls.models() : []);
    if (mode === 'traces') for (const t of rows.values()) for (const m of t.models) set.add(m);
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
    const callsMode = mode === 'calls';
    toggle.set(mode);
    // Only the mode's own list is in the page, so there is one list to scroll and to read.
    const active = callsMode ? calls.list.element : list.element;
    if (body.firstChild !== active) body.replaceChildren(active);
    compareButton.hidden = callsMode;
    calls.compareButton.hidden = !callsMode;
    deepBox.hidden = callsMode;
    text.setAttribute('placeholder', callsMode ? 'Filter calls: name, model, service' : 'Filter: name, service, model, trace id');
    const newCount = held.size;
    pauseButton.textContent = paused ? (newCount ? `Resume (${newCount} new)` : 'Resume') : 'Pause';
    pauseButton.classList.toggle('paused', paused);
    const all = [...rows.values()];
    const shown = callsMode ? showCalls() : showTraces(all);
    const total = callsMode ? (calls.calls?.length ?? 0) : all.length;
    const noun = callsMode ? `LLM call${total === 1 ? '' : 's'}` : `trace${total === 1 ? '' : 's'}`;
    const warnText = activeWarnings.length ? ` · ${activeWarnings.length} active warning${activeWarnings.length === 1 ? '' : 's'}` : '';
    count.textContent =
      `${shown === total ? `${total}` : `${shown} of ${total}`} ${noun}` +
      (paused ? ` · paused${newCount ? `, ${newCount} new` : ''}` : '') +
      warnText;
    const noTraces = all.length === 0;
    body.hidden = noTraces || shown === 0;
    clear(empty);
    empty.hidden = !noTraces && shown > 0;
    if (noTraces && receiver) empty.append(emptyState(receiver, (m) => host.post(m)));
    else if (shown === 0) empty.append(el('p', { class: 'no-match', text: callsMode ? callsEmptyText() : 'No traces match the filter.' }));
  }

  /** Rows matching in the page, plus those the receiver found in prompts and responses. */
  function showTraces(all: TraceSummary[]): number {
    // Ticks of traces that are gone (removed, cleared) are dropped.
    if (rows.size || receiver) ticked = ticked.filter((id) => rows.has(id) || held.has(id));
    const pairReady = ticked.length === 2;
    compareButton.toggleAttribute('disabled', !pairReady);
    compareButton.textContent = pairReady ? 'Compare traces' : `Compare traces (${ticked.length}/2)`;
    const found = deep.state.traceIds;
    const rest: TraceFilter = { ...filter, text: '' };
    let extra = 0;
    const shown = all
      .filter((t) => {
        if (matches(t, filter)) return true;
        const inText = found.has(t.traceId) && matches(t, rest);
        if (inText) extra++;
        return inText;
      })
      .sort(newestFirst);
    list.setItems(shown);
    renderDeepNote(extra);
    return shown.length;
  }

  function showCalls(): number {
    renderDeepNote(0);
    return calls.show(filter).length;
  }

  function callsEmptyText(): string {
    if (calls.calls === null) return 'Loading LLM calls…';
    return calls.calls.length === 0 ? 'No LLM calls yet.' : 'No calls match the filter.';
  }

  function renderDeepNote(extra: number): void {
    const st = deep.state;
    clear(deepNote);
    deepNote.hidden = !st.query;
    if (!st.query) return;
    if (st.pending) deepNote.append(el('span', { class: 'deep-search-spinner', attrs: { 'aria-hidden': 'true' } }), 'Searching prompts and responses…');
    else if (st.error) deepNote.append(`Prompts and responses not searched: ${st.error}`);
    else deepNote.append(extra ? `${extra} more found in prompts and responses` : 'Nothing more found in prompts and responses');
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
        calls.clear();
        heldCalls = null;
        break;
      case 'calls':
        if (paused) heldCalls = msg.calls;
        else calls.setCalls(msg.calls);
        break;
      case 'search-results':
        deep.answer(msg);
        return;
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
  setMode(mode);
}
