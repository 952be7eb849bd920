// The trace list in the receiver's browser page (/ui), in headless Chromium, against a real
// receiver fed by the OpenTelemetry JS SDK and by OTLP/JSON fixtures.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SpanStatusCode, trace, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Browser, Page } from 'playwright-core';
import type { TraceListResponse } from '../../receiver/src/contract/api';
import { launchBrowser, openPage, screenshot, type ProbedPage } from '../helpers/browser';
import { traceExporter, tracerProvider } from '../helpers/otel-sdk';
import { hexId, tracesProto } from '../helpers/otlp-payloads';
import { eventually, getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';
import { AGENT_TRACE, HOSTILE_TRACE, postFixture } from './fixtures';

/** Sends one trace with the real SDK over OTLP/HTTP protobuf: a root and an LLM child. */
async function sdkTrace(rx: ReceiverProcess, name: string, opts: { error?: boolean; model?: string } = {}): Promise<string> {
  const provider = tracerProvider(traceExporter('http/protobuf', rx.httpPort, rx.grpcPort), 'sdk-service');
  const tracer = provider.getTracer('webview-test');
  const root = tracer.startSpan(name);
  const llm = tracer.startSpan(
    `chat ${opts.model ?? 'gpt-4o-mini'}`,
    {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': opts.model ?? 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.output_tokens': 5,
      },
    },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  if (opts.error) llm.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  llm.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return root.spanContext().traceId;
}

/** The page globals the tests read; the test project is compiled without DOM types. */
interface PageGlobals {
  __pwned?: number;
  navigator: { clipboard: { readText(): Promise<string> } };
  document: { querySelector(q: string): { textContent: string | null } | null };
}

function rowText(page: Page, traceId: string): Promise<string> {
  return page.locator(`.trace-row[data-trace-id="${traceId}"]`).innerText();
}

async function visibleTraceIds(page: Page): Promise<string[]> {
  return page.$$eval('.trace-row', (rows) => rows.map((r) => r.getAttribute('data-trace-id') ?? ''));
}

describe('trace list (/ui)', () => {
  let browser: Browser;
  let rx: ReceiverProcess;
  let sdkOk: string;
  let sdkError: string;
  const pages: ProbedPage[] = [];

  before(async () => {
    browser = await launchBrowser();
    rx = await startReceiverProcess();
    await postFixture(rx.base, 'agent-trace.json', 120000);
    await postFixture(rx.base, 'hostile-trace.json', 90000);
    sdkError = await sdkTrace(rx, 'sdk failing run', { error: true, model: 'gpt-4o-mini' });
    sdkOk = await sdkTrace(rx, 'sdk good run', { model: 'llama3.2' });
    await eventually(async () => (await getJson<TraceListResponse>(`${rx.base}/api/traces`)).traces.length === 4);
  });
  after(async () => {
    for (const p of pages) assert.deepEqual(p.errors, [], 'no console errors or page errors');
    await browser?.close();
    await rx?.stop();
    if (rx) await removeDir(rx.dataDir);
  });

  const open = async (opts: Parameters<typeof openPage>[2] = {}): Promise<ProbedPage> => {
    const p = await openPage(browser, `${rx.base}/ui`, opts);
    pages.push(p);
    await p.page.waitForSelector('.trace-row');
    return p;
  };

  it('shows every trace, newest first, with its numbers', async () => {
    const { page } = await open();
    await eventually(async () => (await visibleTraceIds(page)).length === 4);
    assert.deepEqual(await visibleTraceIds(page), [sdkOk, sdkError, HOSTILE_TRACE, AGENT_TRACE]);
    const agent = await rowText(page, AGENT_TRACE);
    assert.match(agent, /invoke_agent travel-planner/);
    assert.match(agent, /travel-agent/);
    assert.match(agent, /2 calls/);
    assert.match(agent, /300→44 tok/);
    assert.match(agent, /gpt-4o/);
    assert.match(agent, /1 err/);
    assert.match(agent, /2\.40 s/);
    assert.match(agent, /\$\d/, 'a priced model shows a dollar cost');
    // llama3.2 has no price in the table: the cost is unknown, never $0.
    const unpriced = await rowText(page, sdkOk);
    assert.match(unpriced, /\?/);
    assert.doesNotMatch(unpriced, /\$0\b/);
    assert.match(await rowText(page, sdkError), /1 err/);
    await screenshot(page, 'list-light.png');
  });

  it('filters by text, model and errors only, and keeps the filter across reloads', async () => {
    const { page } = await open();
    await page.locator('vscode-textfield.filter-text input').fill('travel');
    await eventually(async () => (await visibleTraceIds(page)).join() === AGENT_TRACE);
    await page.locator('vscode-textfield.filter-text input').fill(sdkError.slice(0, 12));
    await eventually(async () => (await visibleTraceIds(page)).join() === sdkError);
    await page.locator('vscode-textfield.filter-text input').fill('');
    await eventually(async () => (await visibleTraceIds(page)).length === 4);

    await page.locator('vscode-checkbox.filter-errors').click();
    await eventually(async () => (await visibleTraceIds(page)).sort().join() === [AGENT_TRACE, sdkError].sort().join());
    assert.match(await page.locator('.list-count').innerText(), /2 of 4 traces/);
    await page.reload();
    await page.waitForSelector('.trace-row');
    await eventually(async () => (await visibleTraceIds(page)).length === 2);
    assert.equal(await page.locator('vscode-checkbox.filter-errors').evaluate((box) => (box as unknown as { checked: boolean }).checked), true);
    await page.locator('vscode-checkbox.filter-errors').click();
    await eventually(async () => (await visibleTraceIds(page)).length === 4);

    await page.locator('vscode-single-select.filter-model').click();
    await page.locator('vscode-single-select.filter-model li', { hasText: 'llama3.2' }).click();
    await eventually(async () => (await visibleTraceIds(page)).join() === sdkOk);
  });

  it('pauses live updates, counts what arrived, and applies it on resume', async () => {
    const { page } = await open();
    await page.locator('.pause-button').click();
    await eventually(async () => (await page.locator('.pause-button').innerText()).trim() === 'Resume');
    const late = await sdkTrace(rx, 'arrived while paused');
    await eventually(async () => /Resume \(1 new\)/.test(await page.locator('.pause-button').innerText()));
    assert.ok(!(await visibleTraceIds(page)).includes(late), 'held back while paused');
    assert.match(await page.locator('.list-count').innerText(), /paused, 1 new/);
    await page.locator('.pause-button').click();
    await eventually(async () => (await visibleTraceIds(page))[0] === late);
    // Live while not paused.
    const live = await sdkTrace(rx, 'arrived live');
    await eventually(async () => (await visibleTraceIds(page))[0] === live);
  });

  it('opens a trace on click and on Enter', async () => {
    const { page } = await open();
    await page.locator(`.trace-row[data-trace-id="${AGENT_TRACE}"]`).click();
    await page.waitForURL(`**/ui/trace/${AGENT_TRACE}`);
    await page.goBack();
    await page.waitForSelector('.trace-row');
    await page.locator(`.trace-row[data-trace-id="${sdkError}"]`).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/ui/trace/${sdkError}`);
  });

  it('renders hostile names as text in the list', async () => {
    const { page } = await open({ colorScheme: 'dark', viewport: { width: 360, height: 640 } });
    const hostile = await rowText(page, HOSTILE_TRACE);
    assert.match(hostile, /agent <img src=x onerror="window.__pwned=1">/);
    assert.equal(await page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned), undefined);
    assert.equal(await page.locator('#app img').count(), 0);
    await screenshot(page, 'list-dark.png');
  });
});

describe('trace list: empty state, copy and clear', () => {
  it('tells how to connect, copies the snippet, and clears after confirming', async () => {
    const browser = await launchBrowser();
    const rx = await startReceiverProcess();
    try {
      const probe = await openPage(browser, `${rx.base}/ui`, { clipboardOrigin: rx.base });
      const { page } = probe;
      await page.waitForSelector('.empty-state');
      const text = await page.locator('.empty-state').innerText();
      assert.match(text, new RegExp(`OTEL_EXPORTER_OTLP_ENDPOINT=${rx.base}`));
      assert.match(text, /OTEL_EXPORTER_OTLP_PROTOCOL=http\/protobuf/);
      assert.match(text, /opentelemetry-instrument/);
      assert.match(text, /@opentelemetry\/sdk-node/);
      assert.match(await page.locator('.receiver-status').innerText(), /Receiver attached/);
      await screenshot(page, 'list-empty.png');
      await page.locator('[data-snippet="python"] vscode-button').click();
      const copied = await eventually(() => page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText()));
      assert.match(copied, /opentelemetry-instrument python app.py/);
      assert.match(copied, new RegExp(`OTEL_EXPORTER_OTLP_ENDPOINT=${rx.base}`));

      // The first trace replaces the empty state live.
      const id = await sdkTrace(rx, 'first one');
      await page.waitForSelector(`.trace-row[data-trace-id="${id}"]`);

      let asked = '';
      page.once('dialog', (d) => {
        asked = d.message();
        void d.accept();
      });
      await page.locator('.clear-button').click();
      await page.waitForSelector('.empty-state');
      assert.match(asked, /Delete every stored trace/);
      assert.equal((await getJson<TraceListResponse>(`${rx.base}/api/traces`)).traces.length, 0);
      assert.deepEqual(probe.errors, []);
    } finally {
      await browser.close();
      await rx.stop();
      await removeDir(rx.dataDir);
    }
  });
});

describe('trace list: 20,000 traces', () => {
  it('keeps under 200 rows in the DOM and scrolls to the oldest', async () => {
    const browser = await launchBrowser();
    const rx = await startReceiverProcess();
    try {
      const ids = Array.from({ length: 20000 }, () => hexId(16));
      // Two requests: the oldest and the newest half; names carry the index.
      for (let half = 0; half < 2; half++) {
        const spans = ids.slice(half * 10000, (half + 1) * 10000).map((traceId, i) => ({ traceId, name: `bulk ${half * 10000 + i}` }));
        const res = await fetch(`${rx.base}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: tracesProto(spans, 'bulk') });
        assert.equal(res.status, 200);
      }
      await eventually(async () => (await getJson<{ store: { traces: number } }>(`${rx.base}/api/health`)).store.traces === 20000, 60000);
      const probe = await openPage(browser, `${rx.base}/ui`);
      const { page } = probe;
      await page.waitForFunction(() => /^20000 traces/.test((globalThis as unknown as PageGlobals).document.querySelector('.list-count')?.textContent ?? ''), undefined, {
        timeout: 60000,
      });
      const rows = await page.locator('.trace-row').count();
      assert.ok(rows > 5 && rows < 200, `${rows} rows in the DOM`);
      const started = Date.now();
      await page.locator('.vlist').evaluate((e) => (e.scrollTop = e.scrollHeight));
      await page.waitForSelector('.trace-row:has-text("bulk 0")');
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 5000, `scrolling to the end took ${elapsed} ms`);
      assert.ok((await page.locator('.trace-row').count()) < 200);
      assert.ok(!(await page.locator('.trace-row:has-text("bulk 19999")').count()), 'the newest row left the DOM');
      assert.deepEqual(probe.errors, []);
    } finally {
      await browser.close();
      await rx.stop();
      await removeDir(rx.dataDir);
    }
  });
});
