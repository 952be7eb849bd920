// Attribute values as plain data, and lenient readers for the loosely typed values GenAI
// instrumentations emit (numbers as strings, JSON in strings, Python reprs, truncation).
import type { AnyValue, KeyValue } from '../contract/model';

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

export function plain(v: AnyValue | undefined): Plain {
  if (!v) return null;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return typeof v.doubleValue === 'number' ? v.doubleValue : Number(v.doubleValue);
  if ('boolValue' in v) return v.boolValue;
  if ('arrayValue' in v) return v.arrayValue.values.map(plain);
  if ('kvlistValue' in v) return plainObject(v.kvlistValue.values);
  if ('bytesValue' in v) return v.bytesValue;
  return null;
}

export function plainObject(kvs: KeyValue[]): { [key: string]: Plain } {
  const out: { [key: string]: Plain } = {};
  for (const kv of kvs) out[kv.key] = plain(kv.value);
  return out;
}

export type Attrs = ReadonlyMap<string, Plain>;

export function attrMap(kvs: KeyValue[]): Map<string, Plain> {
  const m = new Map<string, Plain>();
  for (const kv of kvs) m.set(kv.key, plain(kv.value));
  return m;
}

export function isRecord(v: unknown): v is { [key: string]: Plain } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: Plain | undefined): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function num(v: Plain | undefined): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function bool(v: Plain | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'True') return true;
  if (v === 'false' || v === 'False') return false;
  return undefined;
}

/** A string list from an array, a JSON array string, or a comma-joined string. */
export function strList(v: Plain | undefined): string[] | undefined {
  if (Array.isArray(v)) {
    const out = v.map((x) => str(x)).filter((x): x is string => x !== undefined);
    return out.length ? out : undefined;
  }
  if (typeof v === 'string' && v !== '') {
    const parsed = parseJsonLenient(v);
    if (Array.isArray(parsed.value)) return strList(parsed.value);
    return v.split(',').map((s) => s.trim()).filter(Boolean);
  }
  return undefined;
}

/**
 * JSON, or failing that a Python repr (single quotes, True/False/None), or nothing: the caller
 * keeps the raw text. Never throws.
 */
export function parseJsonLenient(text: string): { value: Plain | undefined; ok: boolean } {
  const t = text.trim();
  if (!t || (t[0] !== '{' && t[0] !== '[' && t[0] !== '"')) return { value: undefined, ok: false };
  try {
    return { value: JSON.parse(t) as Plain, ok: true };
  } catch {
    // Python's str(dict) is common in LangChain/LangSmith attributes.
    if (!t.includes("'")) return { value: undefined, ok: false };
    const converted = t
      .replace(/\bTrue\b/g, 'true')
      .replace(/\bFalse\b/g, 'false')
      .replace(/\bNone\b/g, 'null')
      .replace(/'((?:[^'\\]|\\.)*)'/g, (_m, inner: string) => JSON.stringify(inner.replace(/\\'/g, "'")));
    try {
      return { value: JSON.parse(converted) as Plain, ok: true };
    } catch {
      return { value: undefined, ok: false };
    }
  }
}

/** A value that may be structured already (log attributes) or a JSON string (span attributes). */
export function structured(v: Plain | undefined): { value: Plain | undefined; raw?: string } {
  if (typeof v !== 'string') return { value: v };
  const parsed = parseJsonLenient(v);
  return parsed.ok ? { value: parsed.value } : { value: undefined, raw: v };
}

/** Text for display: strings as they are, anything else as JSON. */
export function text(v: Plain | undefined): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Attributes under a prefix with a numeric index: `p.0.role`, `p.0.content`, `p.1.role`… */
export function indexed(attrs: Attrs, prefix: string): Map<number, Map<string, Plain>> {
  const out = new Map<number, Map<string, Plain>>();
  const p = `${prefix}.`;
  for (const [k, v] of attrs) {
    if (!k.startsWith(p)) continue;
    const rest = k.slice(p.length);
    const dot = rest.indexOf('.');
    const idx = Number(dot < 0 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(idx) || idx < 0) continue;
    let m = out.get(idx);
    if (!m) out.set(idx, (m = new Map()));
    m.set(dot < 0 ? '' : rest.slice(dot + 1), v);
  }
  return new Map([...out.entries()].sort((a, b) => a[0] - b[0]));
}
