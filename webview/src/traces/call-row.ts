// One row of the list in LLM calls mode: the same two compact lines as a trace row.
import type { LlmCallRow } from '../../../receiver/src/contract/model';
import { el } from '../dom';
import { formatDuration, formatStart, formatTokens, formatUsd } from '../format';

export function callKey(c: { traceId: string; spanId: string }): string {
  return `${c.traceId}/${c.spanId}`;
}

/** `ticked`: chosen for "compare calls" (the row's checkbox). */
export function callRow(c: LlmCallRow, ticked: boolean): HTMLElement {
  const warnings = c.warnings?.length ?? 0;
  const meta = [c.model ?? '?', c.service, formatStart(c.startTimeUnixNano), `${formatTokens(c.inputTokens)}→${formatTokens(c.outputTokens)} tok`];
  const box = el('input', { class: 'row-check', title: 'Tick two calls to compare them', attrs: { type: 'checkbox', 'aria-label': `Compare ${c.name}` } });
  box.checked = ticked;
  return el(
    'div',
    {
      class: `call-row${c.hasError ? ' has-error' : ''}`,
      attrs: {
        'data-trace-id': c.traceId,
        'data-span-id': c.spanId,
        'aria-label': `${c.name}, ${c.model ?? 'unknown model'}, ${formatDuration(c.durationMs)}${c.hasError ? ', error' : ''}`,
      },
      title: `${c.name}\ntrace ${c.traceId} span ${c.spanId}`,
    },
    el(
      'div',
      { class: 'row-line' },
      box,
      el('span', { class: 'row-name', text: c.name }),
      c.hasError && el('span', { class: 'badge badge-error', text: 'err', title: 'the call ended with an error status' }),
      warnings > 0 && el('span', { class: 'badge badge-warning', text: `⚠ ${warnings}`, title: `${warnings} warning(s) raised by this call` }),
      el('span', { class: 'row-duration', text: formatDuration(c.durationMs), title: 'latency' }),
    ),
    el(
      'div',
      { class: 'row-line row-meta' },
      el('span', { class: 'row-meta-text', text: meta.join(' · ') }),
      el('span', { class: 'row-cost', text: formatUsd(c.costUsd), title: c.costUsd === null ? `cost unknown (${c.costSource})` : `cost (${c.costSource})` }),
    ),
  );
}
