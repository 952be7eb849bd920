// The comparison in the receiver's browser page: the /ui/compare address of a comparison, what
// that page loads over the query API, the previous call of an operation, and the picked call
// (in localStorage, so every /ui tab sees it).
import type { TraceDetailResponse } from '../../../receiver/src/contract/api';
import type { ReceiverClient } from '../../../receiver/src/contract/client';
import type { CallRef, ComparedCall, HostToWebview } from '../protocol';
import type { ComparePick } from './call-actions';

const PICK_KEY = 'llm-trace-lens:compare-pick';

const ref = (c: CallRef): string => `${c.traceId}/${c.spanId}`;

export function callsCompareUrl(left: CallRef, right: CallRef): string {
  return `/ui/compare?${new URLSearchParams({ kind: 'calls', left: ref(left), right: ref(right) }).toString()}`;
}

export function tracesCompareUrl(left: string, right: string): string {
  return `/ui/compare?${new URLSearchParams({ kind: 'traces', left, right }).toString()}`;
}

function parseRef(text: string | undefined): CallRef | null {
  const [traceId, spanId, ...rest] = (text ?? '').split('/');
  return traceId && spanId && !rest.length ? { traceId, spanId } : null;
}

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function comparedCall(detail: TraceDetailResponse, spanId: string): ComparedCall | null {
  const span = detail.spans.find((s) => s.spanId === spanId);
  if (!span?.llm) return null;
  return { traceId: span.traceId, spanId, name: span.name, service: span.service, startTimeUnixNano: span.startTimeUnixNano, call: span.llm };
}

async function loadCalls(client: ReceiverClient, left: CallRef, right: CallRef): Promise<HostToWebview> {
  const ids = [...new Set([left.traceId, right.traceId])];
  const details = new Map((await Promise.all(ids.map((id) => client.trace(id)))).map((d) => [d.summary.traceId, d]));
  const sides = [left, right].map((r) => {
    const d = details.get(r.traceId);
    return d ? comparedCall(d, r.spanId) : null;
  });
  const [a, b] = sides;
  if (!a || !b) {
    const missing = !a ? left : right;
    return { type: 'compare-missing', reason: `span ${missing.spanId} of trace ${missing.traceId} is not an LLM call that this receiver has` };
  }
  return { type: 'compare-calls', left: a, right: b };
}

/** What the /ui/compare page shows, from its body's data-compare / data-left / data-right. */
export async function loadComparison(client: ReceiverClient, data: DOMStringMap): Promise<HostToWebview> {
  try {
    if (data.compare === 'calls') {
      const left = parseRef(data.left);
      const right = parseRef(data.right);
      if (!left || !right) return { type: 'compare-missing', reason: 'the page names no two calls' };
      return await loadCalls(client, left, right);
    }
    if (data.compare === 'traces' && data.left && data.right) {
      const [left, right] = await Promise.all([client.trace(data.left), client.trace(data.right)]);
      return { type: 'compare-traces', left, right };
    }
    return { type: 'compare-missing', reason: 'the page names nothing to compare' };
  } catch (err) {
    return { type: 'compare-missing', reason: reason(err) };
  }
}

/** The call of the same operation, model and service just before this one, or why there is none. */
export async function previousCall(client: ReceiverClient, call: CallRef): Promise<{ left: CallRef } | { reason: string }> {
  const detail = await client.trace(call.traceId);
  const span = detail.spans.find((s) => s.spanId === call.spanId);
  const llm = span?.llm;
  if (!span || !llm) return { reason: `span ${call.spanId} is not an LLM call` };
  const model = llm.responseModel ?? llm.requestModel;
  const startMs = Number(BigInt(span.startTimeUnixNano) / 1_000_000n);
  const { calls } = await client.llmCalls({
    ...(llm.operation ? { operation: llm.operation } : {}),
    ...(model ? { model } : {}),
    service: span.service,
    to: startMs - 1,
    limit: 1,
  });
  const prev = calls[0];
  if (!prev) return { reason: `no earlier call of ${[llm.operation ?? 'this operation', model ?? ''].filter(Boolean).join(' ')}` };
  return { left: { traceId: prev.traceId, spanId: prev.spanId } };
}

export function readPick(): ComparePick {
  const raw = localStorage.getItem(PICK_KEY);
  if (!raw) return null;
  try {
    const p = JSON.parse(raw) as Partial<NonNullable<ComparePick>>;
    return typeof p.traceId === 'string' && typeof p.spanId === 'string' && typeof p.name === 'string' ? { traceId: p.traceId, spanId: p.spanId, name: p.name } : null;
  } catch {
    return null;
  }
}

export function writePick(pick: ComparePick): void {
  if (pick) localStorage.setItem(PICK_KEY, JSON.stringify(pick));
  else localStorage.removeItem(PICK_KEY);
}

/** Calls `onChange` when another tab picks or forgets a call. */
export function onPickChanged(onChange: (pick: ComparePick) => void): void {
  window.addEventListener('storage', (e) => {
    if (e.key === PICK_KEY || e.key === null) onChange(readPick());
  });
}
