// The Attributes, Events, Logs and Resource tabs: key/value tables of OTLP data, as text.
import type { SpanWithLogs } from '../../../receiver/src/contract/api';
import type { KeyValue, LogRecord } from '../../../receiver/src/contract/model';
import { anyValueText } from '../any-value';
import { el } from '../dom';
import { formatDuration } from '../format';
import { textBlock } from './collapsible';

export function kvTable(attrs: readonly KeyValue[], empty = 'No attributes.'): HTMLElement {
  if (!attrs.length) return el('p', { class: 'muted', text: empty });
  const table = el('table', { class: 'kv' });
  const sorted = [...attrs].sort((a, b) => a.key.localeCompare(b.key));
  for (const kv of sorted) table.append(el('tr', {}, el('th', { text: kv.key, attrs: { scope: 'row' } }), el('td', {}, textBlock(anyValueText(kv.value), 'kv-value'))));
  return table;
}

function offset(nanos: string, spanStart: string): string {
  return `+${formatDuration(Number(BigInt(nanos) - BigInt(spanStart)) / 1e6)}`;
}

export function eventsTab(span: SpanWithLogs): HTMLElement {
  if (!span.events.length) return el('p', { class: 'muted', text: 'No events.' });
  return el(
    'div',
    { class: 'event-list' },
    ...span.events.map((e) =>
      el(
        'section',
        { class: 'event' },
        el('div', { class: 'event-head' }, el('span', { class: 'event-time', text: offset(e.timeUnixNano, span.startTimeUnixNano) }), el('span', { class: 'event-name', text: e.name })),
        kvTable(e.attributes, 'No attributes.'),
      ),
    ),
  );
}

function logEntry(l: LogRecord, spanStart: string): HTMLElement {
  const head = [l.severityText ?? (l.severityNumber ? `severity ${l.severityNumber}` : ''), l.eventName ?? ''].filter(Boolean).join(' · ');
  return el(
    'section',
    { class: 'event' },
    el('div', { class: 'event-head' }, el('span', { class: 'event-time', text: offset(l.timeUnixNano !== '0' ? l.timeUnixNano : l.observedTimeUnixNano, spanStart) }), el('span', { class: 'event-name', text: head || 'log' })),
    l.body !== undefined && textBlock(anyValueText(l.body), 'code'),
    kvTable(l.attributes, 'No attributes.'),
  );
}

export function logsTab(span: SpanWithLogs): HTMLElement {
  if (!span.logs.length) return el('p', { class: 'muted', text: 'No log records are linked to this span.' });
  return el('div', { class: 'event-list' }, ...span.logs.map((l) => logEntry(l, span.startTimeUnixNano)));
}

export function resourceTab(span: SpanWithLogs): HTMLElement {
  const scope = span.scope;
  return el(
    'div',
    {},
    el('h3', { text: 'Resource' }),
    kvTable(span.resource.attributes, 'No resource attributes.'),
    el('h3', { text: 'Instrumentation scope' }),
    el('p', { text: `${scope.name || '(unnamed)'}${scope.version ? ` ${scope.version}` : ''}` }),
    scope.attributes?.length ? kvTable(scope.attributes) : null,
  );
}
