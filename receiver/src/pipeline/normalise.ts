// The pipeline stage between decoding and the store: masks leaked credentials, then gives each
// span its LLM call summary (the full call is rebuilt at read time, with every linked log).
import type { LogRecord, Resource } from '../contract/model';
import { callInput, extractLlmCall, mayBeLlmSpan, summariseCall } from '../genai/extract';
import type { PriceTable } from '../genai/price-table';
import { redactAttributes, redactText, redactValue } from '../genai/redact';
import type { CanonicalBatch } from '../otlp/wire';
import { codeLocation } from './code-location';
import type { AppendItems } from '../store/store';

export interface NormaliseOptions {
  redactSecrets: boolean;
  prices: PriceTable;
}

function redactBatch(batch: CanonicalBatch): void {
  const resources = new Map<Resource, Resource>();
  const resource = (r: Resource): Resource => {
    let out = resources.get(r);
    if (!out) {
      const attributes = redactAttributes(r.attributes);
      out = attributes === r.attributes ? r : { ...r, attributes };
      resources.set(r, out);
    }
    return out;
  };
  for (const s of batch.spans) {
    s.attributes = redactAttributes(s.attributes);
    for (const e of s.events) e.attributes = redactAttributes(e.attributes);
    if (s.status.message) s.status.message = redactText(s.status.message);
    s.resource = resource(s.resource);
  }
  for (const l of batch.logs) {
    l.attributes = redactAttributes(l.attributes);
    if (l.body) l.body = redactValue(l.body);
    l.resource = resource(l.resource);
  }
}

export function normalise(batch: CanonicalBatch, opts: NormaliseOptions): AppendItems {
  if (opts.redactSecrets) redactBatch(batch);
  const logsBySpan = new Map<string, LogRecord[]>();
  for (const l of batch.logs) {
    if (!l.spanId) continue;
    let list = logsBySpan.get(l.spanId);
    if (!list) logsBySpan.set(l.spanId, (list = []));
    list.push(l);
  }
  const spans = batch.spans.map((span) => {
    const logs = logsBySpan.get(span.spanId) ?? [];
    if (!mayBeLlmSpan(span, logs)) return span;
    const input = callInput(span, logs);
    const call = extractLlmCall(input, opts.prices);
    if (!call) return span;
    const llm = summariseCall(call);
    const code = codeLocation(span, input.attrs);
    if (code) llm.code = code;
    return Object.assign(span, { llm });
  });
  return { spans, logs: batch.logs, metrics: batch.metrics };
}
