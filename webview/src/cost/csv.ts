// The cost export: one CSV row per LLM call. DOM-free, so the extension host writes the same
// file the browser page downloads. Cells are quoted per RFC 4180, and text a spreadsheet would
// run as a formula (=, +, -, @, tab, CR first) is prefixed with ' : prompts and span names are
// hostile text, and a model name like "=HYPERLINK(…)" must open as text.
import type { LlmCallRow } from '../../../receiver/src/contract/model';

export const COST_CSV_COLUMNS = [
  'start',
  'trace id',
  'span id',
  'service',
  'model',
  'provider',
  'operation',
  'input tokens',
  'output tokens',
  'cost usd',
  'cost source',
  'duration ms',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: defused if it could start a formula, quoted when it holds , " or a line break. */
export function csvCell(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  // Numbers we produce are data, not formulas (a negative number must stay a number).
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function startIso(nanos: string): string {
  return new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString();
}

export function costCsvRow(r: LlmCallRow): string {
  return [
    startIso(r.startTimeUnixNano),
    r.traceId,
    r.spanId,
    r.service,
    r.model,
    r.provider,
    r.operation,
    r.inputTokens,
    r.outputTokens,
    r.costUsd,
    r.costSource,
    r.durationMs,
  ]
    .map(csvCell)
    .join(',');
}

/** The whole file, header first, CRLF line ends (what spreadsheets expect of CSV). */
export function costCsv(rows: Iterable<LlmCallRow>): string {
  const lines = [COST_CSV_COLUMNS.map(csvCell).join(',')];
  for (const r of rows) lines.push(costCsvRow(r));
  return `${lines.join('\r\n')}\r\n`;
}

/** Only the calls the dashboard counts: LLM and embedding calls, not tool or agent spans. */
export function isCostedCall(r: Pick<LlmCallRow, 'spanClass'>): boolean {
  return r.spanClass === 'llm' || r.spanClass === 'embedding';
}
