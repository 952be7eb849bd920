// URIs of the virtual documents the native diff editor shows: one per LLM call,
// `llm-trace-lens-call:/<traceId>/<spanId>/<name>.md`. The name is for the tab title only; the
// ids are all the provider reads back. Pure.
import type { CallRef } from '../../webview/src/protocol';

export const CALL_DOCUMENT_SCHEME = 'llm-trace-lens-call';

/** The path part of the URI (the name is cut to something a tab can show, without separators). */
export function callDocumentPath(ref: CallRef, name: string): string {
  const safe = name.replace(/[^\p{L}\p{N}._ -]+/gu, '_').trim().slice(0, 60) || 'call';
  return `/${ref.traceId}/${ref.spanId}/${safe}.md`;
}

export function parseCallDocumentPath(path: string): CallRef | null {
  const m = /^\/([0-9a-f]{32})\/([0-9a-f]{16})\//.exec(path);
  return m ? { traceId: m[1]!, spanId: m[2]! } : null;
}
