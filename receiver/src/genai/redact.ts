// Masks credentials that apps leak into prompts, attributes and headers, before anything is
// stored. Replacements contain no quotes or backslashes, so JSON inside a string stays valid.
import type { AnyValue, KeyValue } from '../contract/model';

const PATTERNS: RegExp[] = [
  /\bsk-(?:proj-|ant-(?:api\d+-)?|svcacct-)?[A-Za-z0-9_-]{16,}/g, // OpenAI, Anthropic
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/-]{16,}=*/g,
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, // GitHub
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google
  /\bhf_[A-Za-z0-9]{30,}\b/g, // Hugging Face
  /\bgsk_[A-Za-z0-9]{30,}\b/g, // Groq
];

const QUICK = /sk-|Bearer|Basic|AKIA|gh[pousr]_|xox|AIza|hf_|gsk_/;

export function redactText(text: string): string {
  if (!QUICK.test(text)) return text;
  let out = text;
  for (const re of PATTERNS) {
    out = out.replace(re, (m) => {
      const keep = /^(Bearer|Basic)\s/.exec(m)?.[0] ?? m.slice(0, Math.min(6, m.indexOf('-') + 1 || 4));
      return `${keep}[REDACTED]`;
    });
  }
  return out;
}

export function redactValue(v: AnyValue): AnyValue {
  if ('stringValue' in v) {
    const r = redactText(v.stringValue);
    return r === v.stringValue ? v : { stringValue: r };
  }
  if ('arrayValue' in v) return { arrayValue: { values: v.arrayValue.values.map(redactValue) } };
  if ('kvlistValue' in v) return { kvlistValue: { values: redactAttributes(v.kvlistValue.values) } };
  return v;
}

export function redactAttributes(kvs: KeyValue[]): KeyValue[] {
  let changed = false;
  const out = kvs.map((kv) => {
    const value = redactValue(kv.value);
    if (value !== kv.value) changed = true;
    return value === kv.value ? kv : { key: kv.key, value };
  });
  return changed ? out : kvs;
}
