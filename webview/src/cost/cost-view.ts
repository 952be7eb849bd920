// The token cost dashboard: totals, the session budget, cost over time by model, cost by model
// and service, how costs were found, and the dearest calls. Everything it shows comes from one
// CostResponse (`cost` message); the range buttons ask the host for another.
import type { CostResponse, CostTotals } from '../../../receiver/src/contract/api';
import type { LlmCallRow } from '../../../receiver/src/contract/model';
import { button } from '../controls';
import { clear, el } from '../dom';
import { formatDuration, formatStart, formatTokens, formatUsd } from '../format';
import type { Host } from '../host';
import type { CostRange, HostToWebview, PersistedViewState } from '../protocol';
import { seriesColor } from './chart-frame';
import { rankedBars, stackedBars } from './cost-charts';
import { COST_RANGES, isCostRange } from './cost-range';
import { COST_SOURCES } from './cost-sources';
import './cost.css';

type Metric = 'cost' | 'tokens';

/** The known sum, marked when some calls have no price: "?" is never shown as $0. */
function costText(t: Pick<CostTotals, 'calls' | 'costUsd' | 'unknownCostCalls'>): string {
  if (t.calls > 0 && t.unknownCostCalls >= t.calls) return '?';
  return t.unknownCostCalls > 0 ? `${formatUsd(t.costUsd)} + ?` : formatUsd(t.costUsd);
}

/** A bucket width in round words: the API picks 1 s … 24 h, or whole days. */
function bucketText(ms: number): string {
  if (ms % 86_400_000 === 0) return ms === 86_400_000 ? 'day' : `${ms / 86_400_000} days`;
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? 'hour' : `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return ms === 60_000 ? 'minute' : `${ms / 60_000} min`;
  return formatDuration(ms);
}

function card(name: string, value: string, raw: number, sub?: string): HTMLElement {
  return el(
    'div',
    { class: 'stat-card', attrs: { 'data-card': name, 'data-value': String(raw) } },
    el('div', { class: 'card-label', text: name }),
    el('div', { class: 'card-value', text: value }),
    sub ? el('div', { class: 'card-sub muted', text: sub }) : null,
  );
}

function panel(title: string, body: Node, extra?: Node, cls = ''): HTMLElement {
  return el('section', { class: `panel ${cls}`.trim(), attrs: { 'aria-label': title } }, el('div', { class: 'panel-head' }, el('h3', { text: title }), extra ?? null), body);
}

function budget(session: CostResponse['session']): HTMLElement {
  const body = el('div', { class: 'budget' });
  if (session.budgetUsd === null) {
    body.append(
      el('div', { class: 'budget-line' }, el('span', { class: 'budget-spent', text: formatUsd(session.costUsd) }), el('span', { class: 'muted', text: ' spent since the receiver started' })),
      el('div', { class: 'budget-hint muted', text: 'No session budget: set sessionBudgetUsd in llmTraceLens.warnings.rules (receiver flag --rule sessionBudgetUsd=5) to track spend against it.' }),
    );
    return body;
  }
  const pct = session.budgetUsd > 0 ? (session.costUsd / session.budgetUsd) * 100 : 100;
  const level = pct >= 100 ? 'over' : pct >= 80 ? 'near' : 'ok';
  const fill = el('div', { class: `budget-fill budget-${level}` });
  fill.style.width = `${Math.min(100, pct)}%`;
  const bar = el('div', {
    class: 'budget-bar',
    attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(session.budgetUsd), 'aria-valuenow': String(session.costUsd), 'aria-label': 'Session budget used' },
  });
  bar.append(fill);
  body.append(
    el(
      'div',
      { class: 'budget-line' },
      el('span', { class: 'budget-spent', text: formatUsd(session.costUsd) }),
      el('span', { class: 'muted', text: ` of ${formatUsd(session.budgetUsd)} session budget` }),
      el('span', { class: `budget-pct budget-${level}-text`, text: `${pct.toFixed(pct < 10 ? 1 : 0)} %` }),
    ),
    bar,
    el('div', { class: 'muted budget-hint', text: `calls received since ${new Date(session.startedMs).toLocaleString()} (this receiver run)` }),
  );
  return body;
}

function overTime(report: CostResponse, metric: Metric): HTMLElement {
  const fmt = metric === 'cost' ? formatUsd : (v: number) => formatTokens(Math.round(v));
  return stackedBars({
    starts: report.series.points.map((p) => p.startMs),
    bucketMs: report.series.bucketMs,
    series: report.seriesByModel.map((m, i) => ({ label: m.model, color: seriesColor(i), values: metric === 'cost' ? m.costUsd : m.tokens })),
    format: (v) => (v === 0 ? (metric === 'cost' ? '$0' : '0') : fmt(v)),
  });
}

function legend(report: CostResponse): HTMLElement {
  return el(
    'div',
    { class: 'legend' },
    ...report.seriesByModel.map((m, i) => {
      const swatch = el('span', { class: 'swatch' });
      swatch.style.background = seriesColor(i);
      return el('span', { class: 'legend-item' }, swatch, m.model);
    }),
  );
}

function byModel(report: CostResponse, metric: Metric): HTMLElement {
  return rankedBars(
    report.byModel.map((m, i) => ({
      label: m.model,
      ...(m.provider ? { sublabel: m.provider } : {}),
      value: metric === 'cost' ? m.costUsd : m.inputTokens + m.outputTokens,
      valueText: metric === 'cost' ? costText(m) : `${formatTokens(m.inputTokens + m.outputTokens)} tok`,
      detail: `${m.calls} call${m.calls === 1 ? '' : 's'} · ${formatTokens(m.inputTokens)} in / ${formatTokens(m.outputTokens)} out${metric === 'tokens' ? ` · ${costText(m)}` : ''}`,
      color: seriesColor(i),
    })),
    'No models',
  );
}

function byService(report: CostResponse, metric: Metric): HTMLElement {
  return rankedBars(
    report.byService.map((s) => ({
      label: s.service,
      value: metric === 'cost' ? s.costUsd : s.inputTokens + s.outputTokens,
      valueText: metric === 'cost' ? costText(s) : `${formatTokens(s.inputTokens + s.outputTokens)} tok`,
      detail: `${s.calls} call${s.calls === 1 ? '' : 's'} · ${formatTokens(s.inputTokens)} in / ${formatTokens(s.outputTokens)} out${metric === 'tokens' ? ` · ${costText(s)}` : ''}`,
      color: 'var(--ltl-accent)',
    })),
    'No services',
  );
}

function sources(report: CostResponse): HTMLElement {
  const total = report.totals.calls;
  const strip = el('div', { class: 'source-strip', attrs: { 'aria-hidden': 'true' } });
  const rows = el('div', { class: 'source-rows' });
  for (const s of COST_SOURCES) {
    const got = report.bySource[s.source];
    if (!got || got.calls === 0) continue;
    const seg = el('div', { class: 'source-seg', title: `${s.label}: ${got.calls} calls` });
    seg.style.flexGrow = String(got.calls);
    seg.style.background = s.color;
    strip.append(seg);
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = s.color;
    const cost = s.source === 'unknown-model' || s.source === 'no-usage' ? '?' : formatUsd(got.costUsd);
    rows.append(
      el(
        'div',
        { class: 'source-row', attrs: { 'data-source': s.source } },
        el('div', { class: 'source-name' }, swatch, el('span', { text: s.label })),
        el('div', { class: 'source-calls', text: `${got.calls} call${got.calls === 1 ? '' : 's'} · ${Math.round((got.calls / Math.max(1, total)) * 100)} %` }),
        el('div', { class: 'source-cost', text: cost }),
        el('div', { class: 'source-explain muted', text: s.explain }),
      ),
    );
  }
  return el('div', { class: 'sources' }, strip, rows);
}

function topCalls(rows: readonly LlmCallRow[], open: (r: LlmCallRow) => void): HTMLElement {
  if (rows.length === 0) return el('div', { class: 'muted', text: 'No priced calls in this range.' });
  const head = el('tr', {}, ...['Time', 'Call', 'Service', 'Model', 'Tokens in → out', 'Duration', 'Cost'].map((h) => el('th', { text: h })));
  const body = el('tbody');
  for (const r of rows) {
    const tr = el(
      'tr',
      { class: 'top-call', attrs: { tabindex: '0', 'data-trace-id': r.traceId, 'data-span-id': r.spanId, title: 'Open this call in its trace' } },
      el('td', { class: 'muted nowrap', text: formatStart(r.startTimeUnixNano) }),
      el('td', { class: 'call-name', text: r.name }),
      el('td', { text: r.service }),
      el('td', { text: r.model ?? '?' }),
      el('td', { class: 'num', text: `${formatTokens(r.inputTokens)} → ${formatTokens(r.outputTokens)}` }),
      el('td', { class: 'num', text: formatDuration(r.durationMs) }),
      el('td', { class: 'num strong', text: formatUsd(r.costUsd) }),
    );
    tr.addEventListener('click', () => open(r));
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') open(r);
    });
    body.append(tr);
  }
  return el('table', { class: 'data-table' }, el('thead', {}, head), body);
}

export function costView(root: HTMLElement, host: Host): void {
  const saved: PersistedViewState = host.getState() ?? {};
  let range: CostRange = isCostRange(saved.costRange) ? saved.costRange : 'session';
  let metric: Metric = 'cost';
  let report: CostResponse | null = null;

  const rangeButtons = el('div', { class: 'segmented range-buttons', attrs: { role: 'group', 'aria-label': 'Time range' } });
  const metricButtons = el('div', { class: 'segmented segmented-small', attrs: { role: 'group', 'aria-label': 'Chart metric' } });
  const toolbar = el(
    'div',
    { class: 'dash-toolbar' },
    el('h2', { class: 'dash-title', text: 'Token cost' }),
    rangeButtons,
    el('span', { class: 'spacer' }),
    button('Export CSV', () => host.post({ type: 'export-cost-csv', range }), 'Save every LLM call of this range as CSV'),
  );
  const content = el('div', { class: 'dash-content' }, el('div', { class: 'muted dash-loading', text: 'Loading…' }));
  clear(root);
  root.append(toolbar, content);

  const segment = (group: HTMLElement, items: readonly { key: string; label: string }[], current: string, pick: (key: string) => void): void => {
    clear(group);
    for (const it of items) {
      const b = el('button', { class: 'seg', text: it.label, attrs: { type: 'button', 'data-key': it.key, 'aria-pressed': String(it.key === current) } });
      b.addEventListener('click', () => pick(it.key));
      group.append(b);
    }
  };
  const drawRange = (): void =>
    segment(
      rangeButtons,
      COST_RANGES.map((r) => ({ key: r.range, label: r.label })),
      range,
      (key) => {
        if (!isCostRange(key) || key === range) return;
        range = key;
        host.setState({ ...(host.getState() ?? {}), costRange: range });
        drawRange();
        host.post({ type: 'cost-range', range });
      },
    );

  const open = (r: LlmCallRow): void => host.post({ type: 'open-trace', traceId: r.traceId, spanId: r.spanId });

  const render = (): void => {
    if (!report) return;
    clear(content);
    const t = report.totals;
    const rangeLabel = COST_RANGES.find((r) => r.range === range)?.label ?? range;
    if (t.calls === 0) {
      content.append(
        el(
          'div',
          { class: 'dash-empty' },
          el('div', { class: 'empty-title', text: `No LLM calls in “${rangeLabel.toLowerCase()}”` }),
          el('div', { class: 'muted', text: 'Costs appear here as your app sends traces with LLM calls. Older calls may be in another range.' }),
        ),
        panel('Session budget', budget(report.session)),
      );
      return;
    }
    segment(metricButtons, [{ key: 'cost', label: 'Cost' }, { key: 'tokens', label: 'Tokens' }], metric, (key) => {
      metric = key === 'tokens' ? 'tokens' : 'cost';
      render();
    });
    const cards = el(
      'div',
      { class: 'cards' },
      card('Cost', costText(t), t.costUsd, t.unknownCostCalls > 0 ? 'known prices only' : rangeLabel),
      card('Calls', t.calls.toLocaleString(), t.calls, `${formatUsd(t.calls ? t.costUsd / Math.max(1, t.calls - t.unknownCostCalls) : 0)} per priced call`),
      card('Input tokens', formatTokens(t.inputTokens), t.inputTokens, t.inputTokens.toLocaleString()),
      card('Output tokens', formatTokens(t.outputTokens), t.outputTokens, t.outputTokens.toLocaleString()),
      card('Unknown cost', t.unknownCostCalls ? `${t.unknownCostCalls} ?` : '0', t.unknownCostCalls, t.unknownCostCalls ? 'calls with no price: not in the total' : 'every call priced'),
    );
    if (t.unknownCostCalls > 0) cards.lastElementChild?.classList.add('card-warn');
    const time = panel(
      metric === 'cost' ? 'Cost over time' : 'Tokens over time',
      el('div', {}, overTime(report, metric), legend(report)),
      el('span', { class: 'panel-tools' }, el('span', { class: 'muted', text: `per ${bucketText(report.series.bucketMs)}` }), metricButtons),
      'panel-time',
    );
    content.append(
      cards,
      el('div', { class: 'panel-grid grid-wide' }, time, el('div', { class: 'panel-stack' }, panel('Session budget', budget(report.session), undefined, 'panel-budget'), panel('Cost source', sources(report), undefined, 'panel-sources'))),
      el('div', { class: 'panel-grid' }, panel(metric === 'cost' ? 'Cost by model' : 'Tokens by model', byModel(report, metric), undefined, 'panel-models'), panel(metric === 'cost' ? 'Cost by service' : 'Tokens by service', byService(report, metric), undefined, 'panel-services')),
      panel('Most expensive calls', topCalls(report.top, open), undefined, 'panel-top'),
    );
  };

  host.onMessage((msg: HostToWebview) => {
    if (msg.type !== 'cost') return;
    if (msg.range !== range) return;
    report = msg.report;
    render();
  });
  drawRange();
  host.post({ type: 'ready', view: 'cost' });
  host.post({ type: 'cost-range', range });
}
