// Row assignment of the trace timeline (pure, DOM-free): nesting, overlapping siblings, missing
// parents, ordering, and a 10k-span trace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutSpans, type FlameLayout } from '../../webview/src/flame/layout';
import type { FlameSpan } from '../../webview/src/flame/types';
import { syntheticTrace } from '../bench/flame-synthetic';

function span(id: string, startNs: number, endNs: number, parentId?: string, extra: Partial<FlameSpan> = {}): FlameSpan {
  const s: FlameSpan = { id, name: id, service: 'svc', startNs, endNs, spanClass: 'other', error: false, ...extra };
  if (parentId !== undefined) s.parentId = parentId;
  return s;
}

function rowOf(l: FlameLayout, id: string): number {
  return l.bars[l.byId.get(id)!]!.row;
}

/** No two bars of a row overlap, and every child sits below its parent. */
function assertWellFormed(l: FlameLayout): void {
  l.rows.forEach((row, r) => {
    for (let i = 1; i < row.length; i++) {
      const a = l.bars[row[i - 1]!]!;
      const b = l.bars[row[i]!]!;
      assert.ok(a.startNs <= b.startNs, `row ${r} not in time order`);
      assert.ok(Math.max(a.endNs, a.startNs + 1) <= b.startNs, `row ${r}: ${a.span.id} overlaps ${b.span.id}`);
    }
  });
  for (const bar of l.bars) {
    assert.equal(l.rows[bar.row]!.includes(bar.index), true);
    if (bar.parent >= 0) {
      const p = l.bars[bar.parent]!;
      assert.ok(bar.row > p.row, `${bar.span.id} (row ${bar.row}) not below its parent ${p.span.id} (row ${p.row})`);
      assert.equal(bar.depth, p.depth + 1);
    } else {
      assert.equal(bar.depth, 0);
    }
  }
}

test('children are nested one row under their parent, sequential siblings share a row', () => {
  const l = layoutSpans([
    span('root', 0, 100),
    span('a', 10, 40, 'root'),
    span('b', 50, 90, 'root'),
    span('a1', 12, 30, 'a'),
    span('b1', 55, 60, 'b'),
  ]);
  assertWellFormed(l);
  assert.equal(rowOf(l, 'root'), 0);
  assert.equal(rowOf(l, 'a'), 1);
  assert.equal(rowOf(l, 'b'), 1);
  assert.equal(rowOf(l, 'a1'), 2);
  assert.equal(rowOf(l, 'b1'), 2);
  assert.equal(l.rows.length, 3);
  assert.deepEqual(l.bars[l.byId.get('root')!]!.children.map((i) => l.bars[i]!.span.id), ['a', 'b']);
  assert.deepEqual([l.startNs, l.endNs], [0, 100]);
});

test('overlapping siblings go to separate rows, each with its children under it', () => {
  const l = layoutSpans([
    span('root', 0, 100),
    span('t1', 10, 60, 'root'),
    span('t2', 20, 70, 'root'),
    span('t3', 30, 80, 'root'),
    span('t2c', 25, 40, 't2'),
    span('zero1', 90, 90, 'root'),
    span('zero2', 90, 90, 'root'),
  ]);
  assertWellFormed(l);
  const rows = ['t1', 't2', 't3'].map((id) => rowOf(l, id));
  assert.equal(new Set(rows).size, 3, `overlapping siblings share a row: ${rows}`);
  assert.ok(rowOf(l, 't2c') > rowOf(l, 't2'));
  // Two instants at the same time would hide each other on one row.
  assert.notEqual(rowOf(l, 'zero1'), rowOf(l, 'zero2'));
});

test('spans whose parent is missing are drawn as roots, ordered by start with true roots first on ties', () => {
  const l = layoutSpans([
    span('late-orphan', 50, 60, 'gone'),
    span('child', 5, 8, 'early-orphan'),
    span('early-orphan', 0, 10, 'also-gone'),
    span('root', 0, 40),
    span('self', 70, 80, 'self'),
  ]);
  assertWellFormed(l);
  assert.deepEqual(
    l.roots.map((i) => l.bars[i]!.span.id),
    ['root', 'early-orphan', 'late-orphan', 'self'],
  );
  assert.equal(l.bars[l.byId.get('child')!]!.depth, 1);
  assert.equal(rowOf(l, 'root'), 0);
  assert.ok(rowOf(l, 'early-orphan') > 0, 'an orphan overlapping the root must not share its row');
  assert.equal(rowOf(l, 'late-orphan'), 0);
});

test('parent cycles, repeated ids and inverted times still give every span exactly one bar', () => {
  const l = layoutSpans([
    span('x', 0, 10, 'y'),
    span('y', 2, 8, 'x'),
    span('dup', 20, 30),
    span('dup', 22, 28),
    span('inv', 50, 40),
  ]);
  assertWellFormed(l);
  assert.equal(l.bars.length, 5);
  assert.equal(l.order.length, 5);
  assert.equal(new Set(l.order).size, 5);
  const inv = l.bars[l.byId.get('inv')!]!;
  assert.deepEqual([inv.startNs, inv.endNs], [50, 50]);
  assert.equal(l.byId.get('dup'), 2, 'the first of two spans with one id keeps the id');
});

test('an empty trace lays out to nothing', () => {
  const l = layoutSpans([]);
  assert.deepEqual([l.bars.length, l.rows.length, l.startNs, l.endNs], [0, 0, 0, 0]);
});

test('a 10,000-span agent trace lays out well-formed in well under a second', () => {
  const spans = syntheticTrace(10_000);
  assert.equal(spans.length, 10_000);
  const t0 = performance.now();
  const l = layoutSpans(spans);
  const ms = performance.now() - t0;
  assertWellFormed(l);
  assert.equal(l.order.length, 10_000);
  assert.equal(l.roots.length, 1);
  assert.ok(l.rows.length >= 4 && l.rows.length < 200, `rows: ${l.rows.length}`);
  assert.ok(ms < 1000, `layout took ${ms.toFixed(0)} ms`);
});

test('a 10,000-deep chain does not overflow the stack', () => {
  const spans: FlameSpan[] = [];
  for (let i = 0; i < 10_000; i++) spans.push(span(`s${i}`, i, 20_000 - i, i === 0 ? undefined : `s${i - 1}`));
  const l = layoutSpans(spans);
  assert.equal(l.rows.length, 10_000);
  assert.equal(l.bars[l.byId.get('s9999')!]!.depth, 9999);
});
