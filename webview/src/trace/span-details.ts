// The details pane of the selected span: a summary line and tabs (LLM or Tool when the span
// is one, Attributes, Events, Logs, Resource).
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import type { SpanWithLogs } from '../../../receiver/src/contract/api';
import type { CodeLocation } from '../../../receiver/src/contract/model';
import { callActions, type CompareContext } from '../compare-view/call-actions';
import { button } from '../controls';
import { clear, el } from '../dom';
import { formatDuration } from '../format';
import { llmTab, toolTab } from './llm-tab';
import { eventsTab, kvTable, logsTab, resourceTab } from './span-tables';

interface Tab {
  id: string;
  label: string;
  count?: number;
  render(): HTMLElement;
}

const KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** Where the span happened in the app's code: a button that opens it in the editor, or (on the receiver's own page, which has no editor) the path as text. */
function sourceControl(code: CodeLocation, post: CompareContext['post'] | undefined): HTMLElement {
  const where = `${code.filepath}${code.lineno !== undefined ? `:${code.lineno}` : ''}`;
  if (!post || document.body.dataset.host === 'browser') return el('span', { class: 'muted span-source', text: where });
  const b = button('Go to source', () => post({ type: 'go-to-source', code }), `Open ${where} in the editor`);
  b.classList.add('go-to-source');
  return b;
}

function tabsFor(span: SpanWithLogs, compare: CompareContext | undefined): Tab[] {
  const tabs: Tab[] = [];
  const llm = span.llm;
  if (llm && (llm.spanClass === 'llm' || llm.spanClass === 'embedding')) {
    const actions = compare ? callActions({ traceId: span.traceId, spanId: span.spanId, name: span.name }, compare) : null;
    tabs.push({ id: 'llm', label: 'LLM', render: () => llmTab(llm, actions) });
  }
  if (llm?.spanClass === 'tool' && llm.tool) {
    const tool = llm.tool;
    tabs.push({ id: 'tool', label: 'Tool', render: () => toolTab(tool) });
  }
  tabs.push(
    { id: 'attributes', label: 'Attributes', count: span.attributes.length, render: () => kvTable(span.attributes) },
    { id: 'events', label: 'Events', count: span.events.length, render: () => eventsTab(span) },
    { id: 'logs', label: 'Logs', count: span.logs.length, render: () => logsTab(span) },
    { id: 'resource', label: 'Resource', render: () => resourceTab(span) },
  );
  return tabs;
}

export function renderSpanDetails(
  target: HTMLElement,
  span: SpanWithLogs | undefined,
  tabId: string | undefined,
  onTab: (id: string) => void,
  compare?: CompareContext,
): void {
  clear(target);
  if (!span) {
    target.append(el('p', { class: 'muted', text: 'Select a span in the flame graph to see its details.' }));
    return;
  }
  const durationMs = Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e6;
  const error = span.status.code === 2;
  target.append(
    el(
      'div',
      { class: 'span-summary' },
      el('span', { class: 'span-name', text: span.name }),
      el('span', { class: 'muted', text: `${span.service} · ${KIND[span.kind] ?? span.kind} · ${formatDuration(durationMs)} · span ${span.spanId}` }),
      error && el('span', { class: 'badge badge-error', text: `error${span.status.message ? `: ${span.status.message}` : ''}` }),
      span.code && sourceControl(span.code, compare?.post),
    ),
  );
  const tabs = tabsFor(span, compare);
  const selected = Math.max(0, tabs.findIndex((t) => t.id === tabId));
  const tabsEl = el('vscode-tabs', { class: 'detail-tabs' });
  tabs.forEach((t) => {
    const header = el('vscode-tab-header', { attrs: { slot: 'header', 'data-tab': t.id } }, t.label);
    if (t.count) {
      const badge = el('vscode-badge', { text: String(t.count), attrs: { slot: 'content-after' } });
      badge.variant = 'counter';
      header.append(badge);
    }
    // Tab bodies are built on first view: a span's logs can be large.
    const panel = el('vscode-tab-panel', { attrs: { 'data-tab': t.id } });
    tabsEl.append(header, panel);
  });
  const fill = (i: number): void => {
    const panel = tabsEl.querySelectorAll<HTMLElement>('vscode-tab-panel')[i];
    const tab = tabs[i];
    if (panel && tab && !panel.childElementCount) panel.append(tab.render());
  };
  tabsEl.selectedIndex = selected;
  fill(selected);
  tabsEl.addEventListener('vsc-tabs-select', (e) => {
    const i = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
    fill(i);
    const tab = tabs[i];
    if (tab) onTab(tab.id);
  });
  target.append(tabsEl);
}
