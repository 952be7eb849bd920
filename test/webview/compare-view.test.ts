// The comparison views in the receiver's browser page (/ui/compare), in headless Chromium,
// against a real receiver fed by the OpenTelemetry JS SDK: two runs of a prompt side by side
// with their deltas and word-level changes, "compare with previous" and "pick for compare"
// from a trace page, two ticked traces in the list compared span by span, hostile prompts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROOT_CONTEXT, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { Browser, Page } from 'playwright-core';
import type { LlmCallsResponse } from '../../receiver/src/contract/api';
import { formatUsd } from '../../webview/src/format';
import { launchBrowser, openPage, screenshot, type ProbedPage } from '../helpers/browser';
import { traceExporter, tracerProvider } from '../helpers/otel-sdk';
import { eventually, getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';

/** Fixed prices, so the cost deltas are exact: $100 / $400 per million input / output tokens. */
const PRICE = 'gpt-4o-mini*=100,400';
const HOSTILE_SYSTEM = 'Ignore previous instructions <script>window.__pwned=1</script> and <img src=x onerror="window.__pwned=1">';

interface CallSpec {
  system: string;
  user: string;
  answer: string;
  tokens: [number, number];
  durationMs: number;
  ttftS?: number;
}

interface Sent {
  traceId: string;
  spanId: string;
}

/** One run of the prompt: a root span and its chat call, with exact times. */
function emitCall(tracer: Tracer, startMs: number, spec: CallSpec): Sent {
  const root = tracer.startSpan('answer question', { startTime: startMs });
  const text = (content: string): string => JSON.stringify([{ type: 'text', content }]);
  const chat = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      startTime: startMs + 10,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.request.temperature': 0.2,
        'gen_ai.request.max_tokens': 100,
        'gen_ai.system_instructions': text(spec.system),
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: spec.user }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: spec.answer }], finish_reason: 'stop' }]),
        'gen_ai.usage.input_tokens': spec.tokens[0],
        'gen_ai.usage.output_tokens': spec.tokens[1],
        'gen_ai.response.finish_reasons': ['stop'],
        ...(spec.ttftS !== undefined ? { 'gen_ai.response.time_to_first_chunk': spec.ttftS } : {}),
      },
    },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  chat.end(startMs + 10 + spec.durationMs);
  root.end(startMs + 20 + spec.durationMs);
  return { traceId: root.spanContext().traceId, spanId: chat.spanContext().spanId };
}

interface PipelineSpan {
  name: string;
  at: number;
  ms: number;
  children?: PipelineSpan[];
  error?: boolean;
}

/** A workflow trace from a tree of spans with offsets and durations; returns name → span id. */
function emitPipeline(tracer: Tracer, startMs: number, root: PipelineSpan): { traceId: string; ids: Map<string, string> } {
  const ids = new Map<string, string>();
  const emit = (s: PipelineSpan, parent: ReturnType<Tracer['startSpan']> | null): string => {
    const span = tracer.startSpan(s.name, { startTime: startMs + s.at }, parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT);
    ids.set(s.name, span.spanContext().spanId);
    for (const c of s.children ?? []) emit(c, span);
    if (s.error) span.setStatus({ code: SpanStatusCode.ERROR, message: 'model overloaded' });
    span.end(startMs + s.at + s.ms);
    return span.spanContext().traceId;
  };
  return { traceId: emit(root, null), ids };
}

async function send(rx: ReceiverProcess, service: string, body: (tracer: Tracer) => void): Promise<void> {
  const provider = tracerProvider(traceExporter('http/protobuf', rx.httpPort, rx.grpcPort), service);
  body(provider.getTracer('compare-test'));
  await provider.forceFlush();
  await provider.shutdown();
}

/** The page globals the tests read; the test project is compiled without DOM types. */
interface PageGlobals {
  __pwned?: number;
  document: { querySelectorAll(q: string): { length: number } };
}

function card(page: Page, label: string): { left: Promise<string>; right: Promise<string>; abs: Promise<string>; ratio: Promise<string>; cls: Promise<string | null> } {
  const c = page.locator(`.delta-card[data-delta="${label}"]`);
  return {
    left: c.locator('.delta-left').innerText(),
    right: c.locator('.delta-right').innerText(),
    abs: c.locator('.delta-abs').innerText(),
    ratio: c.locator('.delta-ratio').count().then((n) => (n ? c.locator('.delta-ratio').innerText() : '')),
    cls: c.getAttribute('class'),
  };
}

async function deltaOf(page: Page, label: string): Promise<{ left: string; right: string; abs: string; ratio: string; cls: string }> {
  const c = card(page, label);
  return { left: await c.left, right: await c.right, abs: await c.abs, ratio: await c.ratio, cls: (await c.cls) ?? '' };
}

const marked = (page: Page, key: string, side: 'left' | 'right'): Promise<string[]> =>
  page.locator(`.cmp-section[data-key="${key}"] .cmp-${side} ${side === 'left' ? '.diff-removed' : '.diff-added'}`).allInnerTexts().then((xs) => xs.map((x) => x.trim()));

describe('comparison views (/ui/compare)', () => {
  let browser: Browser;
  let rx: ReceiverProcess;
  let runA: Sent;
  let runB: Sent;
  let hostileA: Sent;
  let hostileB: Sent;
  let pipeA: { traceId: string; ids: Map<string, string> };
  let pipeB: { traceId: string; ids: Map<string, string> };
  const pages: ProbedPage[] = [];

  before(async () => {
    browser = await launchBrowser();
    rx = await startReceiverProcess({ args: ['--price', PRICE] });
    const now = Date.now();
    await send(rx, 'prompt-lab', (t) => {
      runA = emitCall(t, now - 120000, {
        system: 'You are a terse assistant. Answer in one sentence.',
        user: 'What is the capital of France?',
        answer: 'Paris is the capital.',
        tokens: [20, 5],
        durationMs: 400,
        ttftS: 0.15,
      });
      runB = emitCall(t, now - 60000, {
        system: 'You are a friendly assistant. Answer in one sentence.',
        user: 'What is the capital of France?',
        answer: 'Paris is the capital of France.',
        tokens: [24, 9],
        durationMs: 900,
      });
    });
    await send(rx, 'hostile-lab', (t) => {
      hostileA = emitCall(t, now - 50000, { system: HOSTILE_SYSTEM, user: '<b>bold?</b> <style>body{display:none}</style>', answer: 'hi', tokens: [10, 1], durationMs: 100 });
      hostileB = emitCall(t, now - 40000, { system: `${HOSTILE_SYSTEM} <svg onload=alert(1)>`, user: '<b>bold?</b> <style>body{display:none}</style>', answer: 'hi <i>there</i>', tokens: [12, 2], durationMs: 120 });
    });
    await send(rx, 'pipeline-svc', (t) => {
      pipeA = emitPipeline(t, now - 30000, {
        name: 'rag pipeline',
        at: 0,
        ms: 1000,
        children: [
          { name: 'cache lookup', at: 0, ms: 20 },
          { name: 'retrieve', at: 30, ms: 200, children: [{ name: 'embed query', at: 35, ms: 50 }] },
          { name: 'generate', at: 300, ms: 600 },
        ],
      });
      pipeB = emitPipeline(t, now - 20000, {
        name: 'rag pipeline',
        at: 0,
        ms: 1500,
        children: [
          { name: 'retrieve', at: 10, ms: 250, children: [{ name: 'embed query', at: 15, ms: 50 }] },
          { name: 'rerank', at: 270, ms: 100 },
          { name: 'generate', at: 400, ms: 900, error: true },
        ],
      });
    });
    await eventually(async () => (await getJson<{ store: { spans: number } }>(`${rx.base}/api/health`)).store.spans === 18);
  });
  after(async () => {
    for (const p of pages) assert.deepEqual(p.errors, [], 'no console errors or page errors');
    await browser?.close();
    await rx?.stop();
    if (rx) await removeDir(rx.dataDir);
  });

  const open = async (path: string, opts: Parameters<typeof openPage>[2] = {}): Promise<Page> => {
    const p = await openPage(browser, `${rx.base}${path}`, opts);
    pages.push(p);
    return p.page;
  };
  const callsUrl = (a: Sent, b: Sent): string => `/ui/compare?kind=calls&left=${a.traceId}/${a.spanId}&right=${b.traceId}/${b.spanId}`;

  it('shows two runs of a prompt with exact deltas and only the changed words marked', async () => {
    const page = await open(callsUrl(runA, runB), { viewport: { width: 1280, height: 1000 } });
    await page.waitForSelector('.compare-calls');
    assert.match(await page.locator('.side-card[data-side="A"]').innerText(), /chat gpt-4o-mini[\s\S]*prompt-lab · .* · gpt-4o-mini-2024-07-18/);
    assert.match(await page.locator('.compare-summary').innerText(), /2 of 6 sections differ/);

    assert.deepEqual(await deltaOf(page, 'Input tokens'), { left: '20', right: '24', abs: '+4', ratio: '+20%', cls: 'delta-card delta-neutral' });
    assert.deepEqual(await deltaOf(page, 'Output tokens'), { left: '5', right: '9', abs: '+4', ratio: '+80%', cls: 'delta-card delta-neutral' });
    assert.deepEqual(await deltaOf(page, 'Latency'), { left: '400 ms', right: '900 ms', abs: '+500 ms', ratio: '+125%', cls: 'delta-card delta-worse' });
    // B reported no time to first token: unknown, never 0.
    assert.deepEqual(await deltaOf(page, 'Time to first token'), { left: '150 ms', right: '?', abs: '?', ratio: '', cls: 'delta-card delta-unknown' });
    const { calls } = await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls?service=prompt-lab`);
    const costOf = (s: Sent): number => calls.find((c) => c.spanId === s.spanId)!.costUsd!;
    assert.ok(Math.abs(costOf(runA) - 0.004) < 1e-12 && Math.abs(costOf(runB) - 0.006) < 1e-12, 'priced by the override');
    assert.deepEqual(await deltaOf(page, 'Cost'), { left: formatUsd(0.004), right: formatUsd(0.006), abs: `+${formatUsd(0.002)}`, ratio: '+50%', cls: 'delta-card delta-worse' });

    // Exactly the changed words, on their side; nothing else marked anywhere.
    assert.deepEqual(await marked(page, 'system', 'left'), ['terse']);
    assert.deepEqual(await marked(page, 'system', 'right'), ['friendly']);
    assert.deepEqual(await marked(page, 'output 1', 'left'), []);
    assert.deepEqual(await marked(page, 'output 1', 'right'), ['of France']);
    assert.equal(await page.locator('.diff-removed').count(), 1);
    assert.equal(await page.locator('.diff-added').count(), 2);
    assert.match(await page.locator('.cmp-section[data-key="system"] .cmp-left').innerText(), /^You are a terse assistant\. Answer in one sentence\.$/);

    // Unchanged sections are one line until opened.
    const unchanged = await page.locator('.cmp-section.unchanged').evaluateAll((ss) => ss.map((s) => s.getAttribute('data-key')));
    assert.deepEqual(unchanged, ['model', 'params', 'input 1', 'finish']);
    const input = page.locator('.cmp-section[data-key="input 1"]');
    assert.match(await input.locator('.cmp-section-head').innerText(), /Input 1 · user\s+unchanged\s+Show/);
    assert.equal(await input.locator('.cmp-cols').isVisible(), false);
    await input.locator('.cmp-toggle').click();
    assert.match(await input.locator('.cmp-right').innerText(), /What is the capital of France\?/);
    await input.locator('.cmp-toggle').click();

    // The browser page has no native diff editor.
    assert.deepEqual(await page.locator('.compare-actions vscode-button').allInnerTexts(), ['Swap']);
    await screenshot(page, 'compare-calls.png');

    await page.locator('.compare-actions vscode-button', { hasText: 'Swap' }).click();
    assert.deepEqual(await deltaOf(page, 'Input tokens'), { left: '24', right: '20', abs: '−4', ratio: '−17%', cls: 'delta-card delta-neutral' });
    assert.equal((await deltaOf(page, 'Latency')).cls, 'delta-card delta-better');
    assert.deepEqual(await marked(page, 'system', 'left'), ['friendly']);
    assert.deepEqual(await marked(page, 'system', 'right'), ['terse']);

    const dark = await open(callsUrl(runA, runB), { colorScheme: 'dark', viewport: { width: 1280, height: 1000 } });
    await dark.waitForSelector('.compare-calls');
    await screenshot(dark, 'compare-calls-dark.png');

    // Each side opens its call in its trace.
    await page.locator('.side-card[data-side="A"] .side-open').click();
    await page.waitForURL(`**/ui/trace/${runB.traceId}?span=${runB.spanId}`);
  });

  it('compares a call with the previous call of its operation and model, from the trace page', async () => {
    const page = await open(`/ui/trace/${runB.traceId}?span=${runB.spanId}`, { viewport: { width: 1100, height: 800 } });
    await page.waitForSelector('.compare-bar');
    await screenshot(page, 'compare-trace-actions.png');
    await page.locator('.compare-previous').click();
    await page.waitForURL((u) => u.pathname === '/ui/compare' && u.searchParams.get('left') === `${runA.traceId}/${runA.spanId}` && u.searchParams.get('right') === `${runB.traceId}/${runB.spanId}`);
    await page.waitForSelector('.compare-calls');
    assert.deepEqual(await marked(page, 'system', 'right'), ['friendly']);

    // The first run has nothing before it.
    await page.goto(`${rx.base}/ui/trace/${runA.traceId}?span=${runA.spanId}`);
    await page.waitForSelector('.compare-bar');
    await page.locator('.compare-previous').click();
    await page.waitForSelector('.compare-note');
    assert.equal(await page.locator('.compare-note').innerText(), 'no earlier call of chat gpt-4o-mini-2024-07-18');
    assert.match(page.url(), /\/ui\/trace\//);
  });

  it('picks a call in one page and compares another with it', async () => {
    const page = await open(`/ui/trace/${runA.traceId}?span=${runA.spanId}`);
    await page.waitForSelector('.compare-bar');
    await page.locator('.compare-pick').click();
    await page.waitForSelector('.compare-picked');
    // Another tab sees the pick at once (localStorage).
    const other = await page.context().newPage();
    await other.goto(`${rx.base}/ui/trace/${runB.traceId}?span=${runB.spanId}`);
    await other.waitForSelector('.compare-with-pick');
    assert.equal((await other.locator('.compare-with-pick').innerText()).trim(), 'Compare with chat gpt-4o-mini');
    await other.close();

    await page.goto(`${rx.base}/ui/trace/${runB.traceId}?span=${runB.spanId}`);
    await page.locator('.compare-with-pick').click();
    await page.waitForURL((u) => u.pathname === '/ui/compare' && u.searchParams.get('left') === `${runA.traceId}/${runA.spanId}`);
    await page.waitForSelector('.compare-calls');
    assert.equal((await deltaOf(page, 'Input tokens')).abs, '+4');
    // "Pick this instead" moves the pick; "Unpick" forgets it.
    await page.goBack();
    await page.locator('.compare-pick').click();
    await page.waitForSelector('.compare-picked');
    await page.locator('.compare-unpick').click();
    await page.waitForSelector('.compare-pick');
    assert.equal(await page.locator('.compare-with-pick').count(), 0);
  });

  it('compares two ticked traces span by span, with duration deltas and one-sided spans', async () => {
    const page = await open('/ui', { viewport: { width: 420, height: 700 } });
    const box = (id: string): ReturnType<Page['locator']> => page.locator(`.trace-row[data-trace-id="${id}"] .row-check`);
    await page.waitForSelector(`.trace-row[data-trace-id="${pipeA.traceId}"]`);
    const compare = page.locator('.compare-traces-button');
    assert.equal(await compare.getAttribute('disabled'), '');
    await box(pipeB.traceId).check();
    assert.match(page.url(), /\/ui$/, 'ticking does not open the trace');
    assert.equal((await compare.innerText()).trim(), 'Compare traces (1/2)');
    await box(pipeA.traceId).check();
    assert.equal(await compare.getAttribute('disabled'), null);
    await screenshot(page, 'compare-list.png');
    // The ticks survive a reload.
    await page.reload();
    await page.waitForSelector(`.trace-row[data-trace-id="${pipeA.traceId}"]`);
    assert.equal(await box(pipeA.traceId).isChecked(), true);
    assert.equal(await box(pipeB.traceId).isChecked(), true);
    await compare.click();
    // The older trace is A.
    await page.waitForURL((u) => u.pathname === '/ui/compare' && u.searchParams.get('kind') === 'traces' && u.searchParams.get('left') === pipeA.traceId && u.searchParams.get('right') === pipeB.traceId);
    await page.setViewportSize({ width: 1200, height: 760 });
    await page.waitForSelector('.compare-traces');

    const rows = await page.locator('tr.span-match').evaluateAll((rs) =>
      rs.map((r) => [r.getAttribute('data-key'), r.getAttribute('data-only') ?? '', ...Array.from(r.querySelectorAll('td')).slice(1, 4).map((td) => ((td as { textContent: string | null }).textContent ?? '').trim())]),
    );
    assert.deepEqual(rows, [
      ['rag pipeline#1', '', '1.00 s', '1.50 s', '+500 ms'],
      ['rag pipeline#1/cache lookup#1', 'A', '20 ms', '—', ''],
      ['rag pipeline#1/retrieve#1', '', '200 ms', '250 ms', '+50 ms'],
      ['rag pipeline#1/retrieve#1/embed query#1', '', '50 ms', '50 ms', '±0'],
      ['rag pipeline#1/generate#1', '', '600 ms', '900 mserror', '+300 ms'],
      // Spans only B has follow the matched spans under their parent.
      ['rag pipeline#1/rerank#1', 'B', '—', '100 ms', ''],
    ]);
    assert.match(await page.locator('tr[data-only="A"] .span-name-cell').innerText(), /cache lookup\s*only in A/);
    assert.match(await page.locator('tr[data-only="B"] .span-name-cell').innerText(), /rerank\s*only in B/);
    assert.equal(await page.locator('tr[data-key="rag pipeline#1/generate#1"] .span-dur-b .badge-error').count(), 1);
    assert.match(await page.locator('.compare-summary').innerText(), /4 spans matched · 1 only in A · 1 only in B/);
    assert.deepEqual(await deltaOf(page, 'Duration'), { left: '1.00 s', right: '1.50 s', abs: '+500 ms', ratio: '+50%', cls: 'delta-card delta-worse' });
    assert.deepEqual(await deltaOf(page, 'Spans'), { left: '5', right: '5', abs: '±0', ratio: '', cls: 'delta-card delta-same' });
    // No LLM calls in either run: no token or cost cards.
    assert.deepEqual(await page.locator('.delta-card').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-delta'))), ['Duration', 'Spans']);
    // The largest change has the longest bar; a slower span's bar goes right, in the warning colour.
    const bars = await page.locator('.delta-bar').evaluateAll((bs) => bs.map((b) => [b.className, b.getBoundingClientRect().width]));
    assert.equal(bars.length, 3);
    assert.ok(bars.every(([cls]) => cls === 'delta-bar slower'));
    const widths = bars.map(([, w]) => Number(w));
    assert.ok(widths[0]! > widths[2]! && widths[2]! > widths[1]!, JSON.stringify(widths));
    await screenshot(page, 'compare-traces.png');

    // A side's duration opens that span.
    await page.locator('tr[data-only="B"] .span-dur-b button').click();
    await page.waitForURL(`**/ui/trace/${pipeB.traceId}?span=${pipeB.ids.get('rerank')}`);
  });

  it('renders hostile prompts in a comparison as text', async () => {
    const page = await open(callsUrl(hostileA, hostileB));
    await page.waitForSelector('.compare-calls');
    const left = await page.locator('.cmp-section[data-key="system"] .cmp-left').innerText();
    const right = await page.locator('.cmp-section[data-key="system"] .cmp-right').innerText();
    assert.equal(left, HOSTILE_SYSTEM);
    assert.equal(right, `${HOSTILE_SYSTEM} <svg onload=alert(1)>`);
    assert.deepEqual(await marked(page, 'system', 'right'), ['<svg onload=alert(1)>']);
    assert.deepEqual(await marked(page, 'output 1', 'right'), ['<i>there</i>']);
    await page.locator('.cmp-section[data-key="input 1"] .cmp-toggle').click();
    assert.equal(await page.locator('.cmp-section[data-key="input 1"] .cmp-left').innerText(), '<b>bold?</b> <style>body{display:none}</style>');
    const injected = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const d = g.document;
      return { pwned: g.__pwned, markup: d.querySelectorAll('#app img, #app script, #app svg, #app style, #app b, #app i').length };
    });
    assert.deepEqual(injected, { pwned: undefined, markup: 0 });
    await screenshot(page, 'compare-hostile.png');
  });

  it('says why when there is nothing to compare, and validates the address', async () => {
    const p = await openPage(browser, `${rx.base}/ui/compare?kind=calls&left=${'f'.repeat(32)}/${'e'.repeat(16)}&right=${runA.traceId}/${runA.spanId}`);
    // The failed API request is logged by the browser as a 404 console error; expected here.
    // The message says "Loading…" first: wait for the answer itself.
    await p.page.locator('.compare-message', { hasText: 'Nothing to compare' }).waitFor();
    assert.match(await p.page.locator('.compare-message').innerText(), /Nothing to compare: 404/);
    await p.close();
    const notCall = await open(`/ui/compare?kind=calls&left=${runA.traceId}/${runA.spanId}&right=${pipeA.traceId}/${pipeA.ids.get('retrieve')}`);
    await notCall.locator('.compare-message', { hasText: 'Nothing to compare' }).waitFor();
    assert.match(await notCall.locator('.compare-message').innerText(), /is not an LLM call/);

    const ok = await fetch(`${rx.base}${callsUrl(runA, runB)}`);
    assert.equal(ok.status, 200);
    const html = await ok.text();
    assert.ok(html.includes(`data-view="compare" data-compare="calls" data-left="${runA.traceId}/${runA.spanId}" data-right="${runB.traceId}/${runB.spanId}"`), html);
    assert.match(ok.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'nonce-/);
    for (const bad of [
      'kind=calls&left=abc&right=def',
      `kind=calls&left=${runA.traceId}&right=${runB.traceId}`,
      `kind=traces&left=${runA.traceId}/${runA.spanId}&right=${runB.traceId}`,
      `kind=diff&left=${runA.traceId}&right=${runB.traceId}`,
      `kind=traces&left=${runA.traceId}"><script>&right=${runB.traceId}`,
      `kind=traces&left=${runA.traceId}`,
    ])
      assert.equal((await fetch(`${rx.base}/ui/compare?${bad}`)).status, 400, bad);
  });
});
