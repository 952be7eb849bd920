// The trace panel's header: what the trace is and what it cost.
import type { TraceSummary } from '../../../receiver/src/contract/model';
import { el } from '../dom';
import { formatDuration, formatStart, formatTokens, formatTraceCost } from '../format';
import { button } from '../controls';

export function traceHeader(t: TraceSummary, onExport: () => void): HTMLElement {
  const stat = (label: string, value: string, cls = ''): HTMLElement =>
    el('span', { class: `stat ${cls}`, attrs: { 'data-stat': label } }, el('span', { class: 'stat-label', text: label }), el('span', { class: 'stat-value', text: value }));
  return el(
    'header',
    { class: 'trace-header' },
    el(
      'div',
      { class: 'trace-title-row' },
      el('h1', { class: 'trace-title', text: t.rootName, title: `trace ${t.traceId}` }),
      button('Export OTLP/JSON', onExport, 'Save this trace as an OTLP/JSON file'),
    ),
    el(
      'div',
      { class: 'trace-stats' },
      stat('service', t.services.length > 1 ? t.services.join(', ') : t.service),
      stat('started', formatStart(t.startTimeUnixNano)),
      stat('duration', formatDuration(t.durationMs)),
      stat('spans', String(t.spanCount)),
      stat('LLM calls', String(t.llmCallCount)),
      stat('tokens', `${formatTokens(t.inputTokens)} in / ${formatTokens(t.outputTokens)} out`),
      stat('cost', formatTraceCost(t) || '—'),
      stat('errors', String(t.errorCount), t.errorCount ? 'stat-error' : ''),
    ),
  );
}
