// Trace detail → the flame graph's rows: times relative to the trace's first span, class and
// error from the normalised call and the OTLP status.
import type { SpanWithLogs, TraceDetailResponse } from '../../../receiver/src/contract/api';
import type { FlameSpan } from '../flame/types';
import { formatTokens, formatUsd } from '../format';

export function traceStartNs(spans: readonly SpanWithLogs[]): bigint {
  let min: bigint | null = null;
  for (const s of spans) {
    const t = BigInt(s.startTimeUnixNano);
    if (min === null || t < min) min = t;
  }
  return min ?? 0n;
}

export function spanDetail(s: SpanWithLogs): string | undefined {
  const llm = s.llm;
  if (!llm) return undefined;
  if (llm.spanClass === 'tool') return llm.tool?.name;
  const model = llm.responseModel ?? llm.requestModel;
  const parts = [model];
  if (llm.tokens.input !== undefined || llm.tokens.output !== undefined)
    parts.push(`${formatTokens(llm.tokens.input)}→${formatTokens(llm.tokens.output)} tok`);
  if (llm.spanClass === 'llm' || llm.spanClass === 'embedding') parts.push(formatUsd(llm.cost.usd));
  const text = parts.filter(Boolean).join(' · ');
  return text || undefined;
}

export function flameSpans(detail: TraceDetailResponse): FlameSpan[] {
  const start = traceStartNs(detail.spans);
  return detail.spans.map((s) => {
    const detailText = spanDetail(s);
    return {
      id: s.spanId,
      ...(s.parentSpanId ? { parentId: s.parentSpanId } : {}),
      name: s.name,
      service: s.service,
      startNs: Number(BigInt(s.startTimeUnixNano) - start),
      endNs: Number(BigInt(s.endTimeUnixNano) - start),
      spanClass: s.llm?.spanClass ?? 'other',
      error: s.status.code === 2,
      ...(detailText ? { detail: detailText } : {}),
    };
  });
}
