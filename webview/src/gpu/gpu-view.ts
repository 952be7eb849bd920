// The GPU panel: per device, utilisation, memory, temperature and power over the last N minutes
// on one time axis, with the warning thresholds and the LLM calls of the window; the processes
// holding GPU memory; a plain statement when there is no GPU to sample.
import type { GpuResponse } from '../../../receiver/src/contract/api';
import type { GpuDevice, GpuProcess, GpuSample, GpuState } from '../../../receiver/src/contract/gpu';
import type { LlmCallRow } from '../../../receiver/src/contract/model';
import type { RulesConfig } from '../../../receiver/src/contract/warnings';
import { onWidth, tooltip } from '../cost/chart-frame';
import { clear, el } from '../dom';
import { nanosToMs } from '../format';
import type { Host } from '../host';
import type { HostToWebview, PersistedViewState } from '../protocol';
import { drawMetricChart, metricBox, type MetricChart } from './gpu-chart';
import { appendSamples, DEFAULT_GPU_MINUTES, deviceFromSample, GPU_WINDOWS_MIN, isGpuWindow, trimHistory } from './gpu-history';
import './gpu.css';

const COLORS = { util: '#4e79a7', mem: '#b07aa1', temp: '#e15759', power: '#f28e2b' };
/** History kept in the page: the widest window, so switching windows needs no refetch. */
const KEEP_MS = GPU_WINDOWS_MIN[GPU_WINDOWS_MIN.length - 1]! * 60_000;
/** The shortest time axis drawn, while little history exists. */
const MIN_AXIS_MS = 60_000;
/** Redraw at most this often: the sampler may tick faster than charts need. */
const REDRAW_MS = 400;

function gib(mib: number): number {
  return mib / 1024;
}

function fmtGib(v: number): string {
  return `${v < 10 ? v.toFixed(1) : v.toFixed(0)} GiB`;
}

function deviceTitle(d: GpuDevice): string {
  return `GPU ${d.index}${d.name ? ` · ${d.name}` : ''}`;
}

function metrics(d: GpuDevice, samples: readonly GpuSample[], rules: RulesConfig): MetricChart[] {
  const last = samples[samples.length - 1];
  const totalMiB = d.memoryTotalMiB ?? last?.memoryTotalMiB;
  const powerLimit = d.powerLimitW ?? last?.powerLimitW;
  const tool = d.source === 'otlp' ? 'the app' : d.source;
  const missing = (what: string): string => `${what} not reported by ${tool}`;
  return [
    {
      key: 'util',
      title: 'Utilisation',
      samples,
      value: (s) => s.utilizationPct,
      yMax: 100,
      ...(rules.gpuUtilizationPct !== null ? { threshold: { value: rules.gpuUtilizationPct, label: `warn > ${rules.gpuUtilizationPct} %`, kind: 'warning' as const } } : {}),
      format: (v) => `${Math.round(v)} %`,
      filled: true,
      color: COLORS.util,
      missing: missing('utilisation'),
    },
    {
      key: 'mem',
      title: totalMiB !== undefined ? `Memory used (of ${fmtGib(gib(totalMiB))})` : 'Memory used',
      samples,
      value: (s) => (s.memoryUsedMiB !== undefined ? gib(s.memoryUsedMiB) : undefined),
      ...(totalMiB !== undefined ? { yMax: gib(totalMiB) } : {}),
      ...(rules.gpuMemoryPct !== null && totalMiB !== undefined
        ? { threshold: { value: (gib(totalMiB) * rules.gpuMemoryPct) / 100, label: `warn > ${rules.gpuMemoryPct} %`, kind: 'warning' as const } }
        : {}),
      format: fmtGib,
      filled: true,
      color: COLORS.mem,
      missing: missing('memory'),
    },
    {
      key: 'temp',
      title: 'Temperature',
      samples,
      value: (s) => s.temperatureC,
      yMax: 100,
      ...(rules.gpuTemperatureC !== null ? { threshold: { value: rules.gpuTemperatureC, label: `warn > ${rules.gpuTemperatureC} °C`, kind: 'warning' as const } } : {}),
      format: (v) => `${Math.round(v)} °C`,
      filled: false,
      color: COLORS.temp,
      missing: missing('temperature'),
    },
    {
      key: 'power',
      title: 'Power',
      samples,
      value: (s) => s.powerDrawW,
      ...(powerLimit !== undefined ? { yMax: powerLimit, threshold: { value: powerLimit, label: `limit ${Math.round(powerLimit)} W`, kind: 'limit' as const } } : {}),
      format: (v) => `${Math.round(v)} W`,
      filled: false,
      color: COLORS.power,
      missing: missing('power'),
    },
  ];
}

function latestFacts(d: GpuDevice, s: GpuSample | undefined): HTMLElement {
  const facts = el('div', { class: 'gpu-facts' });
  const fact = (label: string, value: string | undefined): void => {
    if (value !== undefined) facts.append(el('span', { class: 'gpu-fact' }, el('span', { class: 'muted', text: `${label} ` }), el('span', { class: 'fact-value', text: value })));
  };
  fact('util', s?.utilizationPct !== undefined ? `${Math.round(s.utilizationPct)} %` : undefined);
  const total = s?.memoryTotalMiB ?? d.memoryTotalMiB;
  fact('mem', s?.memoryUsedMiB !== undefined ? `${fmtGib(gib(s.memoryUsedMiB))}${total !== undefined ? ` / ${fmtGib(gib(total))}` : ''}` : undefined);
  fact('temp', s?.temperatureC !== undefined ? `${s.temperatureC} °C` : undefined);
  fact('power', s?.powerDrawW !== undefined ? `${Math.round(s.powerDrawW)}${s.powerLimitW !== undefined ? ` / ${Math.round(s.powerLimitW)}` : ''} W` : undefined);
  fact('SM', s?.smClockMHz !== undefined ? `${s.smClockMHz} MHz` : undefined);
  fact('state', s?.pstate);
  return facts;
}

function processTable(processes: readonly GpuProcess[], devices: readonly GpuDevice[]): HTMLElement {
  if (processes.length === 0) return el('div', { class: 'muted', text: 'No process holds GPU memory (or the tool does not list processes).' });
  const gpuOf = (p: GpuProcess): string => {
    const d = devices.find((x) => x.id === p.device || (p.uuid !== undefined && x.uuid === p.uuid));
    return d ? `GPU ${d.index}` : (p.uuid ?? '?');
  };
  const rows = [...processes].sort((a, b) => (b.memoryUsedMiB ?? -1) - (a.memoryUsedMiB ?? -1));
  return el(
    'table',
    { class: 'data-table gpu-processes' },
    el('thead', {}, el('tr', {}, el('th', { text: 'GPU' }), el('th', { class: 'num', text: 'PID' }), el('th', { text: 'Process' }), el('th', { class: 'num', text: 'GPU memory' }))),
    el(
      'tbody',
      {},
      ...rows.map((p) =>
        el(
          'tr',
          { attrs: { 'data-pid': String(p.pid) } },
          el('td', { class: 'nowrap', text: gpuOf(p) }),
          el('td', { class: 'num', text: String(p.pid) }),
          el('td', { class: 'proc-name', text: p.name, title: p.name }),
          el('td', { class: 'num', text: p.memoryUsedMiB !== undefined ? `${p.memoryUsedMiB.toLocaleString()} MiB` : '?' }),
        ),
      ),
    ),
  );
}

function stateNotice(state: GpuState): HTMLElement {
  const [title, hint] =
    state.sampler === 'probing'
      ? ['Looking for GPUs…', 'Checking for nvidia-smi and rocm-smi; this happens once.']
      : state.sampler === 'off'
        ? ['GPU sampling is off', 'Set llmTraceLens.gpu.intervalMs above 0 (receiver flag --gpu-interval-ms) to sample the GPUs.']
        : state.sampler === 'none'
          ? ['No supported GPU found', 'NVIDIA GPUs are read with nvidia-smi and AMD GPUs with rocm-smi. Apps can also send gpu.* metrics over OTLP (e.g. OpenLIT), which show here.']
          : ['Waiting for the first sample…', ''];
  return el(
    'div',
    { class: 'gpu-state', attrs: { 'data-sampler': state.sampler, role: 'status' } },
    el('div', { class: 'empty-title', text: title }),
    el('div', { class: 'gpu-state-message', text: state.message }),
    hint ? el('div', { class: 'muted', text: hint }) : null,
  );
}

export function gpuView(root: HTMLElement, host: Host): void {
  const saved: PersistedViewState = host.getState() ?? {};
  let minutes = isGpuWindow(saved.gpuMinutes) ? saved.gpuMinutes : DEFAULT_GPU_MINUTES;
  let state: GpuState | null = null;
  let devices: GpuDevice[] = [];
  let processes: GpuProcess[] = [];
  let rules: RulesConfig | null = null;
  const history = new Map<string, GpuSample[]>();
  const calls = new Map<string, LlmCallRow>();
  let stops: (() => void)[] = [];

  const windowButtons = el('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': 'Minutes shown' } });
  const stateLine = el('span', { class: 'muted gpu-state-line' });
  const toolbar = el('div', { class: 'dash-toolbar' }, el('h2', { class: 'dash-title', text: 'GPU' }), windowButtons, stateLine, el('span', { class: 'spacer' }));
  const content = el('div', { class: 'dash-content' }, el('div', { class: 'muted dash-loading', text: 'Loading…' }));
  clear(root);
  root.append(toolbar, content);

  const drawWindowButtons = (): void => {
    clear(windowButtons);
    for (const m of GPU_WINDOWS_MIN) {
      const b = el('button', { class: 'seg', text: `${m} min`, attrs: { type: 'button', 'data-minutes': String(m), 'aria-pressed': String(m === minutes) } });
      b.addEventListener('click', () => {
        minutes = m;
        host.setState({ ...(host.getState() ?? {}), gpuMinutes: m });
        drawWindowButtons();
        render();
      });
      windowButtons.append(b);
    }
  };

  const openCall = (c: LlmCallRow): void => host.post({ type: 'open-trace', traceId: c.traceId, spanId: c.spanId });

  interface Axis {
    fromMs: number;
    toMs: number;
    calls: LlmCallRow[];
  }
  let axis: Axis | null = null;
  let updaters: (() => void)[] = [];
  let drawnKey = '';
  const structureKey = (): string => `${state?.sampler ?? ''}|${devices.map((d) => d.id).join(',')}|${minutes}`;

  const currentAxis = (): Axis => {
    const toMs = Math.max(Date.now(), ...[...history.values()].map((l) => l[l.length - 1]?.timeMs ?? 0));
    // Right after the receiver starts, a 15-minute axis would squeeze its few seconds of
    // history against the right edge: show what there is (at least a minute) until the window fills.
    const earliest = Math.min(...[...history.values()].map((l) => l[0]?.timeMs ?? Infinity));
    const fromMs = Math.max(toMs - minutes * 60_000, Math.min(earliest, toMs - MIN_AXIS_MS));
    for (const [k, c] of calls) if (nanosToMs(c.startTimeUnixNano) + c.durationMs < toMs - KEEP_MS) calls.delete(k);
    return { fromMs, toMs, calls: [...calls.values()] };
  };

  const render = (): void => {
    stops.forEach((s) => s());
    stops = [];
    updaters = [];
    // The element under the pointer is about to be replaced: its mouseleave never comes.
    tooltip().hide();
    clear(content);
    if (!state || !rules) return;
    stateLine.textContent = state.message;
    if (devices.length === 0) {
      content.append(stateNotice(state));
      return;
    }
    axis = currentAxis();
    drawnKey = structureKey();
    for (const d of devices) {
      const facts = el('span', { class: 'gpu-facts-slot' });
      const card = el(
        'section',
        { class: 'panel gpu-card', attrs: { 'data-device': d.id, 'aria-label': deviceTitle(d) } },
        el(
          'div',
          { class: 'gpu-card-head' },
          el('h3', { text: deviceTitle(d) }),
          el('span', { class: `source-badge source-${d.source}`, text: d.source, title: d.source === 'otlp' ? `sent by the app over OTLP${d.service ? ` (${d.service})` : ''}` : `sampled with ${d.source}` }),
          d.uuid ? el('span', { class: 'muted gpu-uuid', text: d.uuid }) : null,
          el('span', { class: 'spacer' }),
          facts,
        ),
      );
      const grid = el('div', { class: 'gpu-metrics' });
      card.append(grid);
      content.append(card);
      const boxes = metrics(d, history.get(d.id) ?? [], rules).map((m) => {
        const box = metricBox(m);
        grid.append(box.root);
        return { box, width: 0 };
      });
      // Redraws this card's charts in place: the cards stay, so a hovered marker keeps its tooltip.
      const update = (): void => {
        if (!rules || !axis) return;
        const a = axis;
        const samples = (history.get(d.id) ?? []).filter((s) => s.timeMs >= a.fromMs);
        facts.replaceChildren(latestFacts(d, samples[samples.length - 1]));
        metrics(d, samples, rules).forEach((m, i) => {
          const b = boxes[i]!;
          const known = samples.map((s) => m.value(s)).filter((v): v is number => v !== undefined);
          b.box.root.querySelector('.metric-now')!.textContent = known.length ? m.format(known[known.length - 1]!) : '—';
          if (b.width > 0) drawMetricChart(b.box.chart, b.width, m, { ...a, onCall: openCall });
        });
      };
      boxes.forEach((b) =>
        stops.push(
          onWidth(b.box.chart, (w) => {
            b.width = w;
            update();
          }),
        ),
      );
      updaters.push(update);
    }
    content.append(
      el(
        'section',
        { class: 'panel', attrs: { 'aria-label': 'GPU processes' } },
        el('div', { class: 'panel-head' }, el('h3', { text: 'Processes using GPU memory' })),
        processTable(processes, devices),
      ),
    );
  };

  let pending = false;
  let lastDraw = 0;
  const redrawSoon = (): void => {
    if (pending) return;
    pending = true;
    setTimeout(
      () => {
        pending = false;
        lastDraw = Date.now();
        if (structureKey() !== drawnKey) render();
        else {
          axis = currentAxis();
          if (state) stateLine.textContent = state.message;
          updaters.forEach((u) => u());
        }
      },
      Math.max(0, REDRAW_MS - (Date.now() - lastDraw)),
    );
  };

  const addCalls = (rows: readonly LlmCallRow[]): void => {
    for (const c of rows) if (c.spanClass === 'llm' || c.spanClass === 'embedding') calls.set(`${c.traceId}/${c.spanId}`, c);
  };

  host.onMessage((msg: HostToWebview) => {
    switch (msg.type) {
      case 'gpu':
        applyGpu(msg.gpu);
        rules = msg.rules;
        calls.clear();
        addCalls(msg.calls);
        lastDraw = Date.now();
        render();
        return;
      case 'gpu-live': {
        state = msg.state;
        for (const s of msg.latest) if (!devices.some((d) => d.id === s.device)) devices.push(deviceFromSample(s));
        appendSamples(history, msg.latest, Date.now() - KEEP_MS);
        if (rules) redrawSoon();
        return;
      }
      case 'gpu-calls':
        addCalls(msg.calls);
        if (rules) redrawSoon();
        return;
      default:
        return;
    }
  });

  function applyGpu(g: GpuResponse): void {
    state = g.state;
    devices = [...g.devices].sort((a, b) => a.source.localeCompare(b.source) || a.index - b.index);
    processes = g.processes;
    history.clear();
    for (const [id, list] of Object.entries(g.history)) history.set(id, [...list]);
    trimHistory(history, Date.now() - KEEP_MS);
  }

  drawWindowButtons();
  host.post({ type: 'ready', view: 'gpu' });
}
