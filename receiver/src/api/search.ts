// Text search over a trace: span names, attribute values (and keys), event names and
// attributes, status messages, services and linked log bodies. Case-insensitive substring.
import type { AnyValue, KeyValue } from '../contract/model';
import type { StoredTrace } from '../store/store';

function valueHas(v: AnyValue, needle: string): boolean {
  if ('stringValue' in v) return v.stringValue.toLowerCase().includes(needle);
  if ('intValue' in v) return v.intValue.includes(needle);
  if ('doubleValue' in v) return String(v.doubleValue).includes(needle);
  if ('boolValue' in v) return String(v.boolValue) === needle;
  if ('arrayValue' in v) return v.arrayValue.values.some((x) => valueHas(x, needle));
  if ('kvlistValue' in v) return attrsHave(v.kvlistValue.values, needle);
  return false;
}

function attrsHave(attrs: KeyValue[], needle: string): boolean {
  return attrs.some((kv) => kv.key.toLowerCase().includes(needle) || valueHas(kv.value, needle));
}

export function traceMatchesText(trace: StoredTrace, text: string): boolean {
  const needle = text.toLowerCase();
  if (trace.summary.traceId.includes(needle)) return true;
  for (const s of trace.spans) {
    if (s.name.toLowerCase().includes(needle) || s.service.toLowerCase().includes(needle)) return true;
    if (s.status.message?.toLowerCase().includes(needle)) return true;
    if (attrsHave(s.attributes, needle)) return true;
    for (const e of s.events) if (e.name.toLowerCase().includes(needle) || attrsHave(e.attributes, needle)) return true;
  }
  for (const l of trace.logs) {
    if (l.body && valueHas(l.body, needle)) return true;
    if (l.eventName?.toLowerCase().includes(needle) || attrsHave(l.attributes, needle)) return true;
  }
  return false;
}

/** Cheap pre-check on what the index knows; false means "read the trace to decide". */
export function namesMatchText(names: string[], services: string[], text: string): boolean {
  const needle = text.toLowerCase();
  return names.some((n) => n.toLowerCase().includes(needle)) || services.some((s) => s.toLowerCase().includes(needle));
}
