// What a convention reader sees and what it may report. Readers are pure and claim only the
// keys of their own convention; extract.ts merges them by precedence.
import type { ChatMessage, Convention, LlmParams, LlmTokens, MessagePart, SpanClass } from '../contract/model';
import type { Attrs, Plain } from './values';

export interface CallInput {
  name: string;
  startNs: string;
  endNs: string;
  attrs: Attrs;
  events: { name: string; timeNs: string; attrs: Attrs }[];
  /** Linked log records (GenAI events), oldest first. */
  logs: { eventName: string; timeNs: string; body: Plain; attrs: Attrs }[];
}

export interface Found {
  spanClass?: SpanClass;
  operation?: string;
  provider?: string;
  requestModel?: string;
  responseModel?: string;
  systemInstructions?: MessagePart[];
  inputMessages?: ChatMessage[];
  outputMessages?: ChatMessage[];
  finishReasons?: string[];
  params?: LlmParams;
  tokens?: LlmTokens;
  reportedCostUsd?: { usd: number; attribute: string };
  ttftMs?: number;
  tool?: { name?: string; callId?: string; arguments?: string; result?: string };
  /** Beats every convention's spanClass: a vendor's own sign that the span is only part of a call. */
  spanClassOverride?: SpanClass;
  /** The call's duration where the span's own start and end do not give it (a zero-length log span). */
  durationMs?: number;
  rawInput?: string;
  rawOutput?: string;
}

export interface Reader {
  convention: Convention;
  detect(input: CallInput): boolean;
  read(input: CallInput): Found;
}

export function hasPrefix(attrs: Attrs, ...prefixes: string[]): boolean {
  for (const k of attrs.keys()) if (prefixes.some((p) => k.startsWith(p))) return true;
  return false;
}

/** Drops undefined fields so that "absent" and "not given" are the same to the merge. */
export function compact<T extends object>(o: T): T {
  // A fresh object rather than `delete`, which would turn the input into a slow dictionary.
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}
