// Issue 12's host side, the pure parts: the new webview messages as untrusted input, the shell's
// comparison attributes, the diff editor's document URIs, a trace's GPU window, the status bar
// in error colour.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GpuSample } from '../../receiver/src/contract/gpu';
import type { ReceiverInfo } from '../../webview/src/protocol';
import { CALL_DOCUMENT_SCHEME, callDocumentPath, parseCallDocumentPath } from '../../extension/src/call-document-uri';
import { clipGpuHistory } from '../../extension/src/gpu-window';
import { statusView } from '../../extension/src/status-text';
import { webviewShell } from '../../extension/src/webview-html';
import { parseWebviewMessage } from '../../extension/src/webview-messages';

const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const T2 = 'c'.repeat(32);
const S = '00f067aa0ba902b7';
const ref = { traceId: T, spanId: S };
const ref2 = { traceId: T2, spanId: 'd'.repeat(16) };

describe('issue 12 webview messages', () => {
  it('accepts the new views in ready', () => {
    for (const view of ['compare', 'cost', 'gpu'] as const) assert.deepEqual(parseWebviewMessage({ type: 'ready', view }), { type: 'ready', view });
  });

  it('accepts comparisons of well-formed call refs and trace ids, dropping extra fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'compare-calls', left: { ...ref, evil: 1 }, right: ref2 }), { type: 'compare-calls', left: ref, right: ref2 });
    assert.deepEqual(parseWebviewMessage({ type: 'open-native-diff', left: ref, right: ref2 }), { type: 'open-native-diff', left: ref, right: ref2 });
    assert.deepEqual(parseWebviewMessage({ type: 'compare-previous', call: ref }), { type: 'compare-previous', call: ref });
    assert.deepEqual(parseWebviewMessage({ type: 'compare-traces', left: T, right: T2 }), { type: 'compare-traces', left: T, right: T2 });
    assert.deepEqual(parseWebviewMessage({ type: 'pick-for-compare', pick: null }), { type: 'pick-for-compare', pick: null });
    const long = parseWebviewMessage({ type: 'pick-for-compare', pick: { ...ref, name: 'x'.repeat(1000) } });
    assert.equal(long?.type === 'pick-for-compare' && long.pick?.name.length, 200);
  });

  it('rejects malformed ids and refs', () => {
    const bad = [
      { type: 'compare-calls', left: ref },
      { type: 'compare-calls', left: ref, right: { traceId: T, spanId: 'D'.repeat(16) } },
      { type: 'compare-calls', left: ref, right: { traceId: '../../etc/passwd', spanId: S } },
      { type: 'open-native-diff', left: ref, right: { traceId: T } },
      { type: 'compare-previous', call: T },
      { type: 'compare-traces', left: T, right: `${T2}x` },
      { type: 'pick-for-compare', pick: ref },
      { type: 'pick-for-compare' },
      { type: 'open-view', view: 'trace' },
      { type: 'open-view', view: 'workbench' },
      { type: 'cost-range', range: 'week' },
      { type: 'export-cost-csv' },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), null, JSON.stringify(m));
  });

  it('accepts a list search and a calls request, and rejects malformed ones', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'search', query: 'zebra <b>', seq: 3, extra: 1 }), { type: 'search', query: 'zebra <b>', seq: 3 });
    assert.deepEqual(parseWebviewMessage({ type: 'list-calls' }), { type: 'list-calls' });
    assert.deepEqual(parseWebviewMessage({ type: 'list-calls', limit: 1000 }), { type: 'list-calls', limit: 1000 });
    const bad = [
      { type: 'search', query: 'abc' },
      { type: 'search', query: 'abc', seq: -1 },
      { type: 'search', query: 'abc', seq: 1.5 },
      { type: 'search', query: '   ', seq: 1 },
      { type: 'search', query: 'x'.repeat(1001), seq: 1 },
      { type: 'search', query: ['abc'], seq: 1 },
      { type: 'list-calls', limit: 0 },
      { type: 'list-calls', limit: 1001 },
      { type: 'list-calls', limit: '10' },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), null, JSON.stringify(m));
  });

  it('checks the shape of a code location for go to source', () => {
    const code = { filepath: '/app/src/chat.py', lineno: 42, column: 5, function: 'answer', from: 'attributes' };
    assert.deepEqual(parseWebviewMessage({ type: 'go-to-source', code: { ...code, extra: 'x' } }), { type: 'go-to-source', code });
    assert.deepEqual(parseWebviewMessage({ type: 'go-to-source', code: { filepath: 'chat.py', from: 'stacktrace' } }), { type: 'go-to-source', code: { filepath: 'chat.py', from: 'stacktrace' } });
    for (const c of [
      { ...code, from: 'somewhere' },
      { ...code, filepath: '' },
      { ...code, filepath: 3 },
      { ...code, filepath: 'a\0b' },
      { ...code, filepath: 'x'.repeat(5000) },
      { ...code, lineno: 0 },
      { ...code, lineno: 1.5 },
      { ...code, lineno: '42' },
      { ...code, column: -1 },
      { ...code, function: 7 },
      'chat.py:42',
    ]) {
      assert.equal(parseWebviewMessage({ type: 'go-to-source', code: c }), null, JSON.stringify(c));
    }
  });

  it('accepts the views and ranges the panels know', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'open-view', view: 'gpu' }), { type: 'open-view', view: 'gpu' });
    for (const range of ['session', 'hour', 'today', 'all'] as const) {
      assert.deepEqual(parseWebviewMessage({ type: 'cost-range', range }), { type: 'cost-range', range });
      assert.deepEqual(parseWebviewMessage({ type: 'export-cost-csv', range }), { type: 'export-cost-csv', range });
    }
  });
});

describe('comparison shell', () => {
  it('puts the pair on the body as data attributes, escaped, and only well-named ones', () => {
    const html = webviewShell({
      cspSource: 'c',
      scriptUri: 's',
      view: 'compare',
      title: 't',
      nonce: 'N',
      data: { compare: 'calls', left: `${T}/${S}`, right: '"><script>x</script>', 'on click': 'x' },
    });
    assert.match(html, new RegExp(`<body data-view="compare" data-compare="calls" data-left="${T}/${S}" data-right="&#34;&#62;&#60;script&#62;x&#60;/script&#62;">`));
    assert.doesNotMatch(html, /<script>x|on click/);
  });
});

describe('native diff documents', () => {
  it('round-trips the ids through the path and keeps the name harmless', () => {
    const path = callDocumentPath(ref, 'chat gpt-4o/../../x?#');
    assert.equal(CALL_DOCUMENT_SCHEME, 'llm-trace-lens-call');
    assert.match(path, new RegExp(`^/${T}/${S}/[^/?#]+\\.md$`));
    assert.deepEqual(parseCallDocumentPath(path), ref);
    assert.equal(callDocumentPath(ref, '').endsWith('/call.md'), true);
    assert.equal(parseCallDocumentPath(`/${T}/zz/x.md`), null);
    assert.equal(parseCallDocumentPath('/etc/passwd'), null);
  });
});

describe('GPU history of a trace', () => {
  const s = (timeMs: number, device = 'nvidia-smi:0'): GpuSample => ({ timeMs, device, index: 0, source: 'nvidia-smi', utilizationPct: timeMs / 100 });
  it('keeps the samples in the window and one on each side', () => {
    const history = { a: [1000, 2000, 3000, 4000, 5000, 6000].map((t) => s(t, 'a')), b: [100, 200].map((t) => s(t, 'b')), c: [] };
    const out = clipGpuHistory(history, 2500, 4500);
    assert.deepEqual(out.a?.map((x) => x.timeMs), [2000, 3000, 4000, 5000]);
    // Everything before the trace: only the last sample before it.
    assert.deepEqual(out.b?.map((x) => x.timeMs), [200]);
    assert.equal(out.c, undefined);
    // A trace shorter than the sampling period between two samples.
    assert.deepEqual(clipGpuHistory(history, 3100, 3200).a?.map((x) => x.timeMs), [3000, 4000]);
    // A trace before all samples: the first one after it.
    assert.deepEqual(clipGpuHistory(history, 10, 20).a?.map((x) => x.timeMs), [1000]);
  });
});

describe('status bar colour', () => {
  const info: ReceiverInfo = { state: 'listening', httpEndpoint: 'http://127.0.0.1:4318', grpcEndpoint: null };
  it('turns to the error colour for error warnings and opens the warnings', () => {
    const v = statusView(info, 3, 2, 1);
    assert.equal(v.text, '$(pulse) LLM :4318 · 3 traces · $(error) 2');
    assert.deepEqual([v.warning, v.error], [true, true]);
    assert.match(v.tooltip, /Click to open the warnings/);
    assert.deepEqual([statusView(info, 3, 2, 0).warning, statusView(info, 3, 2, 0).error], [true, false]);
    assert.equal(statusView({ ...info, state: 'stopped' }, 3, 2, 1).error, false);
  });
});
