// Row assignment for the timeline: a pure function of the spans, so it is tested in Node and
// computed once per setSpans, never per frame.
import type { FlameSpan } from './types';

export interface FlameBar {
  span: FlameSpan;
  /** Index of this bar in FlameLayout.bars. */
  index: number;
  row: number;
  /** Nesting depth: 0 for roots (including spans whose parent is missing). */
  depth: number;
  /** Parent bar index, -1 for roots. */
  parent: number;
  /** Child bar indices in time order. */
  children: number[];
  /** Start and end as drawn: end is never before start. */
  startNs: number;
  endNs: number;
}

export interface FlameLayout {
  bars: FlameBar[];
  /** Root bar indices in time order (true roots and orphans alike). */
  roots: number[];
  /** Bar indices of each row, in time order; bars of one row never overlap, so ends are ordered too. */
  rows: number[][];
  /** Bar indices in depth-first order (parents before children, siblings by start). */
  order: number[];
  byId: Map<string, number>;
  startNs: number;
  endNs: number;
}

// Gives a zero-length span a width, so two instants at the same time take separate rows
// instead of one hiding the other.
const MIN_EXTENT_NS = 1;

function byStart(bars: FlameBar[]): (a: number, b: number) => number {
  return (a, b) => {
    const x = bars[a]!;
    const y = bars[b]!;
    return (
      x.startNs - y.startNs ||
      y.endNs - x.endNs ||
      // A true root before an orphan that starts at the same time.
      Number(x.span.parentId !== undefined) - Number(y.span.parentId !== undefined) ||
      a - b
    );
  };
}

/** Occupied intervals of one row, sorted by start; they never overlap. */
class RowIntervals {
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  /** Index of the first interval that ends after t. */
  private firstEndingAfter(t: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ends[mid]! > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  fits(start: number, end: number): boolean {
    const i = this.firstEndingAfter(start);
    return i === this.starts.length || this.starts[i]! >= end;
  }

  add(start: number, end: number): void {
    const i = this.firstEndingAfter(start);
    this.starts.splice(i, 0, start);
    this.ends.splice(i, 0, end);
  }
}

export function layoutSpans(spans: readonly FlameSpan[]): FlameLayout {
  const byId = new Map<string, number>();
  const bars: FlameBar[] = [];
  let startNs = Infinity;
  let endNs = -Infinity;
  for (const span of spans) {
    // A repeated id keeps its first span; the later copy is still drawn, as a root.
    const index = bars.length;
    if (!byId.has(span.id)) byId.set(span.id, index);
    const s = Number.isFinite(span.startNs) ? span.startNs : 0;
    const e = Number.isFinite(span.endNs) ? Math.max(span.endNs, s) : s;
    bars.push({ span, index, row: 0, depth: 0, parent: -1, children: [], startNs: s, endNs: e });
    startNs = Math.min(startNs, s);
    endNs = Math.max(endNs, e);
  }

  for (const bar of bars) {
    const pid = bar.span.parentId;
    if (pid === undefined || pid === bar.span.id) continue;
    const p = byId.get(pid);
    if (p === undefined || p === bar.index) continue;
    bar.parent = p;
    bars[p]!.children.push(bar.index);
  }

  const cmp = byStart(bars);
  for (const bar of bars) bar.children.sort(cmp);

  // Roots, then anything left unreached: spans in a parent cycle, which have no root at all.
  const roots = bars.filter((b) => b.parent === -1).map((b) => b.index).sort(cmp);
  const order: number[] = [];
  const visited = new Uint8Array(bars.length);
  const rowIntervals: RowIntervals[] = [];
  const rows: number[][] = [];

  const place = (index: number, minRow: number): number => {
    const bar = bars[index]!;
    const end = Math.max(bar.endNs, bar.startNs + MIN_EXTENT_NS);
    let row = minRow;
    while (row < rowIntervals.length && !rowIntervals[row]!.fits(bar.startNs, end)) row++;
    if (row === rowIntervals.length) {
      rowIntervals.push(new RowIntervals());
      rows.push([]);
    }
    rowIntervals[row]!.add(bar.startNs, end);
    return row;
  };

  const visit = (root: number): void => {
    // Iterative depth-first walk: a 10k-deep chain must not overflow the stack.
    const stack: number[] = [root];
    visited[root] = 1;
    while (stack.length > 0) {
      const index = stack.pop()!;
      const bar = bars[index]!;
      const parent = bar.parent === -1 || bar.index === root ? undefined : bars[bar.parent]!;
      if (bar.index === root) {
        bar.parent = -1;
        bar.depth = 0;
      } else {
        bar.depth = parent!.depth + 1;
      }
      bar.row = place(index, parent ? parent.row + 1 : 0);
      order.push(index);
      for (let i = bar.children.length - 1; i >= 0; i--) {
        const child = bar.children[i]!;
        if (visited[child]) continue;
        visited[child] = 1;
        stack.push(child);
      }
    }
  };

  for (const root of roots) visit(root);
  if (order.length < bars.length) {
    const cyclic = bars.filter((b) => !visited[b.index]).map((b) => b.index).sort(cmp);
    for (const index of cyclic) {
      if (visited[index]) continue;
      // Break the cycle here: this span becomes a root and leaves its parent's children.
      const bar = bars[index]!;
      const p = bars[bar.parent]!;
      p.children = p.children.filter((c) => c !== index);
      roots.push(index);
      visit(index);
    }
    roots.sort(cmp);
  }

  for (const index of order) rows[bars[index]!.row]!.push(index);
  for (const row of rows) row.sort((a, b) => bars[a]!.startNs - bars[b]!.startNs || a - b);

  if (bars.length === 0) {
    startNs = 0;
    endNs = 0;
  }
  return { bars, roots, rows, order, byId, startNs, endNs };
}

/** Index in `row` of the first bar that ends after t (bars of a row are ordered by start and end). */
export function firstBarEndingAfter(layout: FlameLayout, row: readonly number[], t: number): number {
  let lo = 0;
  let hi = row.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (layout.bars[row[mid]!]!.endNs > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
