// One row of the trace list: two compact lines that fit a narrow sidebar.
import type { TraceSummary } from '../../../receiver/src/contract/model';
import { el } from '../dom';
import { formatDuration, formatStart, formatTokens, formatTraceCost } from '../format';

export const ROW_HEIGHT = 46;

/** `ticked`: chosen for "compare traces" (the row's checkbox). */
export function traceRow(t: TraceSummary, ticked = false): HTMLElement {
  const cost = formatTraceCost(t);
  const models = t.models.join(', ');
  const warnings = t.warnings?.length ?? 0;
  const meta = [
    t.service,
    formatStart(t.startTimeUnixNano),
    t.llmCallCount ? `${t.llmCallCount} call${t.llmCallCount === 1 ? '' : 's'}` : '',
    t.llmCallCount ? `${formatTokens(t.inputTokens)}→${formatTokens(t.outputTokens)} tok` : '',
    models,
  ].filter(Boolean);
  const row = el(
    'div',
    {
      class: `trace-row${t.hasError ? ' has-error' : ''}`,
      attrs: { 'data-trace-id': t.traceId, 'aria-label': `${t.rootName}, ${t.service}, ${formatDuration(t.durationMs)}${t.hasError ? ', has errors' : ''}` },
      title: `${t.rootName}\ntrace ${t.traceId}${t.rootKnown ? '' : '\n(root span not received yet)'}`,
    },
    el(
      'div',
      { class: 'row-line' },
      compareBox(t, ticked),
      el('span', { class: `row-name${t.rootKnown ? '' : ' root-unknown'}`, text: t.rootName }),
      t.errorCount > 0 && el('span', { class: 'badge badge-error', text: `${t.errorCount} err`, title: `${t.errorCount} span(s) with error status` }),
      warnings > 0 && el('span', { class: 'badge badge-warning', text: `⚠ ${warnings}`, title: `${warnings} warning(s) raised by this trace` }),
      el('span', { class: 'row-duration', text: formatDuration(t.durationMs) }),
    ),
    el(
      'div',
      { class: 'row-line row-meta' },
      el('span', { class: 'row-meta-text', text: meta.join(' · ') }),
      cost && el('span', { class: 'row-cost', text: cost, title: t.costUnknownCalls ? `${t.costUnknownCalls} call(s) with unknown cost` : 'cost of the LLM calls' }),
    ),
  );
  return row;
}

/** A plain checkbox: rows are rebuilt on every scroll frame, so it stays a cheap native input. */
function compareBox(t: TraceSummary, ticked: boolean): HTMLInputElement {
  const box = el('input', { class: 'row-check', title: 'Tick two traces to compare them', attrs: { type: 'checkbox', 'aria-label': `Compare ${t.rootName}` } });
  box.checked = ticked;
  return box;
}
