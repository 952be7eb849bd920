// What a panel restored after a window reload shows, from the state its page saved: the mapping
// for every panel type, and the refusal of anything malformed (that state is untrusted input).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FEATURE_PANEL, TRACE_PANEL } from '../../extension/src/ids';
import { restoredPanel } from '../../extension/src/panel-state';

const T1 = '0af7651916cd43dd8448eb211c80319c';
const T2 = '4bf92f3577b34da6a3ce929d0e0e4736';
const S1 = 'b7ad6b7169203331';
const S2 = '00f067aa0ba902b7';

describe('restoredPanel', () => {
  it('restores a trace panel from the shell the host wrote, or from the trace view\'s own traceId', () => {
    assert.deepEqual(restoredPanel(TRACE_PANEL, { shell: { view: 'trace', traceId: T1 }, selectedSpanId: S1 }), { view: 'trace', traceId: T1 });
    assert.deepEqual(restoredPanel(TRACE_PANEL, { traceId: T2, zoom: [0, 5] }), { view: 'trace', traceId: T2 });
  });

  it('restores both kinds of comparison with their two sides in order', () => {
    assert.deepEqual(restoredPanel(FEATURE_PANEL.compare, { shell: { view: 'compare', compare: 'calls', left: `${T1}/${S1}`, right: `${T2}/${S2}` } }), {
      view: 'compare',
      compare: 'calls',
      left: { traceId: T1, spanId: S1 },
      right: { traceId: T2, spanId: S2 },
    });
    assert.deepEqual(restoredPanel(FEATURE_PANEL.compare, { shell: { view: 'compare', compare: 'traces', left: T2, right: T1 } }), {
      view: 'compare',
      compare: 'traces',
      left: T2,
      right: T1,
    });
  });

  it('restores the cost dashboard and the GPU panel whatever they saved, as there is one of each', () => {
    assert.deepEqual(restoredPanel(FEATURE_PANEL.cost, undefined), { view: 'cost' });
    assert.deepEqual(restoredPanel(FEATURE_PANEL.cost, { costRange: 'today', shell: { view: 'cost' } }), { view: 'cost' });
    assert.deepEqual(restoredPanel(FEATURE_PANEL.gpu, 'junk'), { view: 'gpu' });
  });

  it('restores nothing from a state without valid ids', () => {
    const bad: [string, unknown][] = [
      [TRACE_PANEL, undefined],
      [TRACE_PANEL, null],
      [TRACE_PANEL, 'not an object'],
      [TRACE_PANEL, [T1]],
      [TRACE_PANEL, { traceId: T1.toUpperCase() }],
      [TRACE_PANEL, { traceId: `${T1} ` }],
      [TRACE_PANEL, { traceId: '0'.repeat(32) }],
      [TRACE_PANEL, { traceId: 42 }],
      [TRACE_PANEL, { shell: { traceId: '../../etc/passwd' } }],
      [TRACE_PANEL, { shell: 'x', traceId: `${T1}"><script>` }],
      [FEATURE_PANEL.compare, undefined],
      [FEATURE_PANEL.compare, { shell: { view: 'compare', compare: 'calls', left: `${T1}/${S1}` } }],
      [FEATURE_PANEL.compare, { shell: { view: 'compare', compare: 'calls', left: `${T1}/${S1}`, right: `${T2}/${S2}/x` } }],
      [FEATURE_PANEL.compare, { shell: { view: 'compare', compare: 'calls', left: `${T1}/${S1}`, right: T2 } }],
      [FEATURE_PANEL.compare, { shell: { view: 'compare', compare: 'calls', left: `${T1}/${'0'.repeat(16)}`, right: `${T2}/${S2}` } }],
      [FEATURE_PANEL.compare, { shell: { view: 'compare', compare: 'traces', left: `${T1}/${S1}`, right: T2 } }],
      [FEATURE_PANEL.compare, { shell: { view: 'compare', compare: 'both', left: T1, right: T2 } }],
      [FEATURE_PANEL.compare, { shell: { view: 'trace', compare: 'traces', left: T1, right: T2 } }],
      ['llmTraceLens.other', { shell: { view: 'trace', traceId: T1 } }],
    ];
    for (const [viewType, state] of bad) assert.equal(restoredPanel(viewType, state), null, `${viewType} ${JSON.stringify(state)}`);
  });

  it('is reached: the manifest activates the extension for every panel type it restores', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { activationEvents: string[] };
    for (const viewType of [TRACE_PANEL, ...Object.values(FEATURE_PANEL)]) assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${viewType}`), viewType);
  });
});
