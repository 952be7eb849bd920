// Two LLM calls side by side: sections paired by key and diffed word by word (jsdiff), plus the
// numbers that matter when a prompt changes: tokens, cost, latency, time to first token.
import { diffWordsWithSpace } from 'diff';
import type { LlmCall } from '../../../receiver/src/contract/model';
import { callSections } from './call-text';

export interface DiffPart {
  text: string;
  kind: 'same' | 'added' | 'removed';
}

export interface SectionComparison {
  key: string;
  title: string;
  left: string | null;
  right: string | null;
  /** Word-level changes from left to right (empty when both sides are absent). */
  parts: DiffPart[];
  changed: boolean;
}

export interface Delta {
  label: string;
  unit: 'tokens' | 'USD' | 'ms' | 'count';
  left: number | null;
  right: number | null;
  /** right − left, null when either side is unknown. */
  delta: number | null;
  /** delta / left, null when left is 0 or unknown. */
  ratio: number | null;
}

export interface CallComparison {
  sections: SectionComparison[];
  deltas: Delta[];
  changedSections: number;
}

export function wordDiff(left: string, right: string): DiffPart[] {
  return diffWordsWithSpace(left, right).map((c) => ({ text: c.value, kind: c.added ? 'added' : c.removed ? 'removed' : 'same' }));
}

export function delta(label: string, unit: Delta['unit'], left: number | null | undefined, right: number | null | undefined): Delta {
  const l = left ?? null;
  const r = right ?? null;
  const d = l !== null && r !== null ? r - l : null;
  return { label, unit, left: l, right: r, delta: d, ratio: d !== null && l ? d / l : null };
}

export function compareCalls(left: LlmCall, right: LlmCall): CallComparison {
  const a = callSections(left);
  const b = callSections(right);
  const keys = [...new Set([...a.map((s) => s.key), ...b.map((s) => s.key)])];
  const sections = keys.map((key): SectionComparison => {
    const l = a.find((s) => s.key === key);
    const r = b.find((s) => s.key === key);
    const lt = l?.text ?? null;
    const rt = r?.text ?? null;
    return {
      key,
      title: (r ?? l)!.title,
      left: lt,
      right: rt,
      parts: wordDiff(lt ?? '', rt ?? ''),
      changed: lt !== rt,
    };
  });
  const deltas = [
    delta('Input tokens', 'tokens', left.tokens.input, right.tokens.input),
    delta('Output tokens', 'tokens', left.tokens.output, right.tokens.output),
    delta('Cost', 'USD', left.cost.usd, right.cost.usd),
    delta('Latency', 'ms', left.durationMs, right.durationMs),
    delta('Time to first token', 'ms', left.ttftMs, right.ttftMs),
  ];
  return { sections, deltas, changedSections: sections.filter((s) => s.changed).length };
}
