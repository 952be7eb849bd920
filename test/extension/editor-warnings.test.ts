// Warnings in the editor and the editor integration, the pure parts: which warnings notify and
// how often, what a warning opens and how it reads; path suffix matching for go to source; the
// CodeLens title; the hover's text, truncated, with hostile content kept out of Markdown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallSite } from '../../receiver/src/contract/api';
import type { LlmCall, LlmCallRow } from '../../receiver/src/contract/model';
import type { Warning, WarningChange } from '../../receiver/src/contract/warnings';
import { HOVER_TEXT_LIMIT, hoverContent, lensTitle, truncate, writeHover } from '../../extension/src/call-site-text';
import { baseName, bestSuffixMatch, commonTail, describeLocation, editorPosition } from '../../extension/src/source-path';
import { NoticeLimiter, noticeText, warningItemText, warningTarget, warningsToNotify } from '../../extension/src/warning-notices';

const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const S = '00f067aa0ba902b7';

function warning(id: string, over: Partial<Warning> = {}): Warning {
  return {
    id,
    rule: 'call-latency',
    severity: 'warning',
    subject: { kind: 'calls', service: 'app', operation: 'chat', model: 'gpt-4o', traceId: T, spanId: S },
    message: `chat gpt-4o took 6,200 ms, > 5,000 ms (${id})`,
    value: 6200,
    threshold: 5000,
    unit: 'ms',
    firstMs: Date.UTC(2025, 0, 1, 10, 0, 0),
    lastMs: Date.UTC(2025, 0, 1, 10, 5, 0),
    count: 3,
    active: true,
    ...over,
  };
}
const raised = (w: Warning): WarningChange => ({ change: 'raised', warning: w });

describe('which warnings notify', () => {
  const err = warning('e', { rule: 'call-error', severity: 'error' });
  const warn = warning('w');
  const info = warning('i', { severity: 'info' });
  const changes: WarningChange[] = [raised(err), raised(warn), raised(info), { change: 'updated', warning: warning('u') }, { change: 'cleared', warning: warning('c', { active: false }) }];
  it('notifies only newly raised ones, by mode', () => {
    assert.deepEqual(warningsToNotify(changes, 'all').map((w) => w.id), ['e', 'w', 'i']);
    assert.deepEqual(warningsToNotify(changes, 'errors').map((w) => w.id), ['e']);
    assert.deepEqual(warningsToNotify(changes, 'off'), []);
  });
});

describe('notification rate limit', () => {
  it('shows the first at once and collapses the rest of the interval into one notice', () => {
    const l = new NoticeLimiter(10_000);
    const first = l.offer([warning('a')], 1_000);
    assert.equal(first?.kind === 'warning' && first.warning.id, 'a');
    assert.equal(l.dueAt(), null);
    assert.equal(l.offer([warning('b')], 2_000), null);
    assert.equal(l.offer([warning('c', { severity: 'error', message: 'boom' }), warning('d')], 5_000), null);
    assert.equal(l.dueAt(), 11_000);
    assert.equal(l.take(10_999), null);
    const more = l.take(11_000);
    assert.equal(more?.kind, 'more');
    if (more?.kind !== 'more') return;
    assert.equal(more.count, 3);
    assert.equal(more.worst.id, 'c');
    assert.deepEqual(noticeText(more), { severity: 'error', text: 'LLM Trace Lens: 3 more warnings, e.g. boom' });
    assert.equal(l.dueAt(), null);
    // The next interval starts at the last notice.
    assert.equal(l.offer([warning('e')], 15_000), null);
    assert.equal(l.take(21_000)?.kind, 'warning');
  });

  it('never shows more than one notice per interval over a burst', () => {
    const l = new NoticeLimiter(10_000);
    const shown: number[] = [];
    for (let t = 0; t < 60_000; t += 250) {
      if (l.offer([warning(`w${t}`)], t)) shown.push(t);
      const due = l.dueAt();
      if (due !== null && due <= t && l.take(t)) shown.push(t);
    }
    assert.ok(shown.length >= 5 && shown.length <= 7, String(shown));
    for (let i = 1; i < shown.length; i++) assert.ok(shown[i]! - shown[i - 1]! >= 10_000);
  });

  it('drops a queued warning that cleared before its turn, and dedupes updates of one warning', () => {
    const l = new NoticeLimiter(10_000);
    l.offer([warning('a')], 0);
    l.offer([warning('b'), warning('b'), warning('c')], 1);
    l.forget(['c']);
    const n = l.take(10_000);
    assert.equal(n?.kind === 'warning' && n.warning.id, 'b');
    l.offer([warning('x')], 10_001);
    l.forget(['x']);
    assert.equal(l.dueAt(), null);
  });
});

describe('what a warning opens and how it reads', () => {
  it('maps subjects to their target', () => {
    assert.deepEqual(warningTarget(warning('a')), { kind: 'trace', traceId: T, spanId: S });
    assert.deepEqual(warningTarget(warning('g', { subject: { kind: 'gpu', device: 'nvidia-smi:0' } })), { kind: 'gpu' });
    assert.deepEqual(warningTarget(warning('s', { subject: { kind: 'session' } })), { kind: 'cost' });
    assert.deepEqual(warningTarget(warning('w', { subject: { kind: 'window', service: null } })), { kind: 'cost' });
  });

  it('has the message as label, value vs threshold, and times in the tooltip', () => {
    const t = warningItemText(warning('a'));
    assert.equal(t.label, 'chat gpt-4o took 6,200 ms, > 5,000 ms (a)');
    assert.equal(t.description, '6,200 ms vs 5,000 ms');
    assert.equal(t.icon, 'warning');
    assert.match(t.tooltip, /rule call-latency, chat gpt-4o \(app\)/);
    assert.match(t.tooltip, /first .+, last .+, seen 3 times/);
    assert.equal(warningItemText(warning('b', { unit: 'USD', value: 2.5, threshold: 2, subject: { kind: 'session' }, severity: 'error' })).description, '$2.5 vs $2');
    assert.equal(warningItemText(warning('c', { unit: '%', value: 97.25, threshold: 90 })).description, '97.25% vs 90%');
    assert.equal(warningItemText(warning('d', { rule: 'call-error', severity: 'error' })).description, 'error status');
  });
});

describe('go to source: path matching', () => {
  const workspace = ['/ws/app/chat.py', '/ws/tests/app/chat.py', '/ws/other/chat.py', '/ws/app/chatter.py', '/ws/legacy/deep/app/chat.py'];
  it('picks the workspace file sharing the longest tail at directory boundaries', () => {
    assert.equal(bestSuffixMatch('/home/ci/build/src/app/chat.py', workspace), '/ws/app/chat.py');
    assert.equal(bestSuffixMatch('C:\\work\\proj\\other\\chat.py', workspace), '/ws/other/chat.py');
    assert.equal(bestSuffixMatch('./tests/app/chat.py', workspace), '/ws/tests/app/chat.py');
    assert.equal(bestSuffixMatch('chat.py', ['/ws/b/c/chat.py', '/ws/a/chat.py']), '/ws/a/chat.py');
    assert.equal(bestSuffixMatch('/x/hat.py', workspace), null);
    assert.equal(bestSuffixMatch('/x/chat.py', []), null);
    // Part of a name is not a match: "pp/chat.py" is not inside "app/".
    assert.equal(commonTail('pp/chat.py', '/ws/app/chat.py'), 1);
  });
  it('turns 1-based lines and columns into editor positions', () => {
    assert.deepEqual(editorPosition({ filepath: 'a.py', lineno: 42, column: 5, from: 'attributes' }), { line: 41, character: 4 });
    assert.deepEqual(editorPosition({ filepath: 'a.py', from: 'stacktrace' }), { line: 0, character: 0 });
    assert.equal(baseName('C:\\a\\b.ts'), 'b.ts');
    assert.equal(describeLocation({ filepath: 'a.py', lineno: 3, function: 'f', from: 'attributes' }), 'a.py:3 (f)');
  });
});

function row(over: Partial<LlmCallRow> = {}): LlmCallRow {
  return {
    traceId: T, spanId: S, name: 'chat gpt-4o', service: 'app', startTimeUnixNano: '1735725600000000000', hasError: false,
    spanClass: 'llm', operation: 'chat', model: 'gpt-4o', inputTokens: 1000, outputTokens: 200, costUsd: 0.0042, costSource: 'computed', durationMs: 820, conventions: ['otel-genai'],
    ...over,
  };
}
const site = (over: Partial<CallSite> = {}): CallSite => ({ filepath: 'app/chat.py', lineno: 12, count: 3, latest: [row()], ...over });

describe('CodeLens title', () => {
  it('shows count, latency, tokens and cost of the latest call', () => {
    assert.equal(lensTitle(site()), '$(pulse) 3 LLM calls · last 820 ms · 1,200 tok · $0.0042');
    assert.equal(lensTitle(site({ count: 1, latest: [row({ costUsd: null, totalTokens: 15, durationMs: 2500 })] })), '$(pulse) 1 LLM call · last 2.50 s · 15 tok · ?');
    assert.equal(lensTitle(site({ latest: [row({ inputTokens: undefined, outputTokens: undefined, hasError: true })] })), '$(pulse) 3 LLM calls · last 820 ms · ? tok · $0.0042 · $(error) error');
    assert.equal(lensTitle(site({ latest: [] })), '$(pulse) 3 LLM calls');
  });
});

const HOSTILE = '<img src=x onerror=alert(1)> [click](command:workbench.action.terminal.new) ```\n**bold** $(zap) <script>x</script>';

function call(over: Partial<LlmCall> = {}): LlmCall {
  return {
    spanClass: 'llm', operation: 'chat', requestModel: 'gpt-4o', systemInstructions: [{ type: 'text', content: 'be brief' }],
    inputMessages: [
      { role: 'user', parts: [{ type: 'text', content: 'first question' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'first answer' }] },
      { role: 'user', parts: [{ type: 'text', content: HOSTILE }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', response: '{"ok":true}' }] },
    ],
    outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'the answer' }] }],
    finishReasons: [], params: {}, tokens: {}, cost: { usd: null, source: 'no-usage', detail: '' }, durationMs: 5, conventions: [], sources: {},
    ...over,
  };
}

describe('hover text', () => {
  it('takes the last user prompt and the response', () => {
    const c = hoverContent(call());
    assert.equal(c.prompt, HOSTILE);
    assert.equal(c.response, 'the answer');
    assert.equal(c.model, 'gpt-4o');
    assert.deepEqual(hoverContent(call({ inputMessages: [], outputMessages: [], rawInput: 'raw in' })), { prompt: 'raw in', response: null, model: 'gpt-4o' });
  });

  it('truncates on a word boundary and strips control and bidi characters', () => {
    const long = `${'word '.repeat(200)}end`;
    const t = truncate(long);
    assert.ok(t.length <= HOVER_TEXT_LIMIT + 2, String(t.length));
    assert.ok(t.endsWith('word …'));
    assert.equal(truncate('a\u0007b\u202ec\r\nd'), 'abc\nd');
    assert.equal(truncate('x'.repeat(500), 100), `${'x'.repeat(100)} …`);
    assert.equal(hoverContent(call({ outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'y'.repeat(5000) }] }] })).response!.length, HOVER_TEXT_LIMIT + 2);
  });

  it('writes trace text only as plain text, and links only our own command with hex ids', () => {
    const markdown: string[] = [];
    const text: string[] = [];
    const sink = { appendMarkdown: (v: string) => markdown.push(v), appendText: (v: string) => text.push(v) };
    writeHover(sink, hoverContent(call({ requestModel: '**evil** [x](https://e.example)' })), { command: 'llmTraceLens.openTrace', traceId: T, spanId: S });
    assert.ok(text.includes(HOSTILE));
    assert.ok(text.includes('**evil** [x](https://e.example)'));
    const md = markdown.join('');
    for (const bad of ['<img', 'onerror', 'workbench.action', '```', 'evil', 'script', 'answer']) assert.ok(!md.includes(bad), bad);
    assert.match(md, new RegExp(`\\[Open trace\\]\\(command:llmTraceLens\\.openTrace\\?${encodeURIComponent(JSON.stringify([T, S])).replace(/[.*+?^${}()|[\]\\%]/g, '\\$&')}\\)`));
    const again: string[] = [];
    writeHover({ appendMarkdown: (v: string) => again.push(v), appendText: () => {} }, hoverContent(call()), { command: 'llmTraceLens.openTrace', traceId: 'x)](javascript:1)', spanId: S });
    assert.doesNotMatch(again.join(''), /command:|javascript/);
  });
});
