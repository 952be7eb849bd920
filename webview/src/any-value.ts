// OTLP AnyValue as readable text for tables: strings as they are, structures as compact JSON-like text.
import type { AnyValue } from '../../receiver/src/contract/model';

export function anyValueText(v: AnyValue | undefined): string {
  if (!v) return '';
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return String(v.boolValue);
  if ('intValue' in v) return v.intValue;
  if ('doubleValue' in v) return String(v.doubleValue);
  if ('bytesValue' in v) return `bytes(base64) ${v.bytesValue}`;
  if ('arrayValue' in v) return `[${v.arrayValue.values.map(nested).join(', ')}]`;
  if ('kvlistValue' in v) return `{${v.kvlistValue.values.map((kv) => `${kv.key}: ${nested(kv.value)}`).join(', ')}}`;
  return '(empty)';
}

function nested(v: AnyValue): string {
  return 'stringValue' in v ? JSON.stringify(v.stringValue) : anyValueText(v);
}

/** Pretty-printed JSON when the text is JSON, else the text itself. */
export function prettyJson(text: string): string {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return text;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return text;
  }
}
