// The webview fixtures (test/fixtures/webview/*.json, OTLP/JSON) with every timestamp moved so
// the trace starts `agoMs` before now: retention and "today" formatting see a fresh trace.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/webview');
const TIME_KEYS = new Set(['startTimeUnixNano', 'endTimeUnixNano', 'timeUnixNano', 'observedTimeUnixNano']);

export const AGENT_TRACE = '5f1e0c2a9b7d4e3f8a6b1c0d2e4f6a8b';
export const HOSTILE_TRACE = '0badc0de0badc0de0badc0de0badc0de';

function earliest(node: unknown, min: bigint | null = null): bigint | null {
  if (Array.isArray(node)) return node.reduce<bigint | null>((m, n) => earliest(n, m), min);
  if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (TIME_KEYS.has(k) && typeof v === 'string') {
        const t = BigInt(v);
        if (min === null || t < min) min = t;
      } else min = earliest(v, min);
    }
  return min;
}

function shift(node: unknown, delta: bigint): unknown {
  if (Array.isArray(node)) return node.map((n) => shift(n, delta));
  if (node && typeof node === 'object')
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, TIME_KEYS.has(k) && typeof v === 'string' ? String(BigInt(v) + delta) : shift(v, delta)]),
    );
  return node;
}

export async function fixtureBody(name: string, agoMs = 60000): Promise<string> {
  const doc: unknown = JSON.parse(await readFile(path.join(DIR, name), 'utf8'));
  const start = earliest(doc) ?? 0n;
  const target = BigInt(Date.now() - agoMs) * 1_000_000n;
  return JSON.stringify(shift(doc, target - start));
}

export async function postFixture(base: string, name: string, agoMs?: number): Promise<void> {
  const res = await fetch(`${base}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: await fixtureBody(name, agoMs) });
  if (!res.ok) throw new Error(`posting ${name}: ${res.status} ${await res.text()}`);
}
