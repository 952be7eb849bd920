// One fixed hue per span class: mid-tones legible on light, dark and high-contrast editors.
import type { SpanClass } from '../../../receiver/src/contract/model';

export const CLASS_COLORS: Record<SpanClass, string> = {
  llm: '#8b6cf0',
  embedding: '#d070c4',
  tool: '#e8963a',
  retrieval: '#3fae7f',
  agent: '#4a8fe8',
  chain: '#2bb0c0',
  other: '#8e98a4',
};

export const CLASS_LABELS: Record<SpanClass, string> = {
  llm: 'LLM',
  embedding: 'embedding',
  tool: 'tool',
  retrieval: 'retrieval',
  agent: 'agent',
  chain: 'chain',
  other: 'other',
};

/** Black or white, whichever contrasts more with the colour (WCAG relative luminance). */
function textOn(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  // Contrast against black (l+0.05)/0.05 versus white 1.05/(l+0.05).
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#111418' : '#ffffff';
}

/** Label colour on each class colour. */
export const CLASS_INK = Object.fromEntries(
  Object.entries(CLASS_COLORS).map(([k, c]) => [k, textOn(c)]),
) as Record<SpanClass, string>;
