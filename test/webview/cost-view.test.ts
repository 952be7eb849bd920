// The token cost dashboard (/ui/cost) in headless Chromium against a real receiver fed by the
// OpenTelemetry JS SDK: numbers equal to /api/cost, range switching, live refresh, the session
// budget, the CSV download, opening the dearest call; the empty state; no console errors.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { Browser, Page } from 'playwright-core';
import type { CostResponse, HealthResponse, LlmCallsResponse } from '../../receiver/src/contract/api';
import { formatTokens, formatUsd } from '../../webview/src/format';
import { launchBrowser, openPage, screenshot, type ProbedPage } from '../helpers/browser';
import { traceExporter, tracerProvider } from '../helpers/otel-sdk';
import { eventually, getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';

/** Page-side globals the tests touch; the test project is compiled without DOM types. */
interface PageDom {
  document: { querySelector(q: string): { getAttribute(n: string): string | null } | null; body: unknown };
  getComputedStyle(e: unknown): { color: string; strokeDasharray: string; getPropertyValue(n: string): string };
}


interface Call {
  model: string;
  start: number;
  ms: number;
  inTok: number;
  outTok: number;
}

const HOUR = 3_600_000;

async function send(rx: ReceiverProcess, service: string, calls: readonly Call[]): Promise<void> {
  const provider = tracerProvider(traceExporter('http/protobuf', rx.httpPort, 0), service);
  const tracer = provider.getTracer('cost-view-test');
  for (const c of calls) {
    const root = tracer.startSpan(`handle ${c.model}`, { startTime: new Date(c.start) });
    tracer
      .startSpan(
        `chat ${c.model}`,
        {
          kind: SpanKind.CLIENT,
          startTime: new Date(c.start),
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            'gen_ai.request.model': c.model,
            'gen_ai.usage.input_tokens': c.inTok,
            'gen_ai.usage.output_tokens': c.outTok,
          },
        },
        trace.setSpan(ROOT_CONTEXT, root),
      )
      .end(new Date(c.start + c.ms));
    root.end(new Date(c.start + c.ms + 2));
  }
  await provider.forceFlush();
  await provider.shutdown();
}

async function card(page: Page, name: string): Promise<{ text: string; value: number }> {
  const loc = page.locator(`.stat-card[data-card="${name}"]`);
  return { text: await loc.locator('.card-value').innerText(), value: Number(await loc.getAttribute('data-value')) };
}

function costText(t: CostResponse['totals']): string {
  if (t.calls > 0 && t.unknownCostCalls >= t.calls) return '?';
  return t.unknownCostCalls > 0 ? `${formatUsd(t.costUsd)} + ?` : formatUsd(t.costUsd);
}

describe('token cost dashboard (/ui/cost)', () => {
  let browser: Browser;
  let rx: ReceiverProcess;
  let empty: ReceiverProcess;
  const pages: ProbedPage[] = [];
  let sessionStart = 0;

  before(async () => {
    browser = await launchBrowser();
    [rx, empty] = await Promise.all([
      startReceiverProcess({ args: ['--grpc-port', '0', '--gpu-interval-ms', '0', '--price', 'local-llama=1,2', '--rule', 'sessionBudgetUsd=0.05'] }),
      startReceiverProcess({ args: ['--grpc-port', '0', '--gpu-interval-ms', '0'] }),
    ]);
    sessionStart = Date.parse((await getJson<HealthResponse>(`${rx.base}/api/health`)).startedAt);
    const now = Date.now();
    // This session (after the receiver started), earlier this hour (before it started), days ago.
    await send(rx, 'planner', [
      { model: 'gpt-4o', start: now - 20, ms: 900, inTok: 1200, outTok: 300 },
      { model: 'gpt-4o-mini', start: now - 10, ms: 400, inTok: 800, outTok: 120 },
      { model: '=1+1', start: now - 5, ms: 200, inTok: 10, outTok: 10 },
    ]);
    await send(rx, 'summariser, "batch"', [
      { model: 'local-llama', start: now - 15, ms: 2500, inTok: 20_000, outTok: 4000 },
      { model: 'gpt-4o', start: now - 30 * 60_000, ms: 1200, inTok: 5000, outTok: 800 },
      { model: 'gpt-4o', start: now - 3 * 24 * HOUR, ms: 1000, inTok: 9000, outTok: 1500 },
    ]);
    await eventually(async () => (await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls`)).calls.length === 6 || undefined);
  });
  after(async () => {
    for (const p of pages) assert.deepEqual(p.errors, [], 'no console errors or page errors');
    await browser?.close();
    await Promise.all([rx?.stop(), empty?.stop()]);
    if (rx) await removeDir(rx.dataDir);
    if (empty) await removeDir(empty.dataDir);
  });

  const open = async (base: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> => {
    const p = await openPage(browser, `${base}/ui/cost`, { colorScheme, viewport: { width: 1280, height: 1000 } });
    pages.push(p);
    return p.page;
  };
  const pick = async (page: Page, range: string, calls: number): Promise<void> => {
    await page.locator(`.segmented .seg[data-key="${range}"]`).click();
    await page.waitForFunction(
      ([c]) => (globalThis as unknown as PageDom).document.querySelector('.stat-card[data-card="Calls"]')?.getAttribute('data-value') === c,
      [String(calls)],
    );
  };

  it('shows the totals of /api/cost for each range, and switching the range changes them', async () => {
    const page = await open(rx.base);
    await page.waitForSelector('.stat-card[data-card="Calls"]');
    // Default: this session, i.e. the calls that started after the receiver did.
    const session = await getJson<CostResponse>(`${rx.base}/api/cost?from=${sessionStart}`);
    assert.equal(session.totals.calls, 4);
    assert.equal((await card(page, 'Calls')).value, 4);
    assert.equal((await card(page, 'Cost')).text, costText(session.totals));
    assert.match((await card(page, 'Cost')).text, / \+ \?$/, 'the unknown model is "?", never $0');
    assert.equal((await card(page, 'Input tokens')).value, session.totals.inputTokens);
    assert.equal((await card(page, 'Input tokens')).text, formatTokens(session.totals.inputTokens));
    assert.equal((await card(page, 'Output tokens')).value, session.totals.outputTokens);
    assert.equal((await card(page, 'Unknown cost')).value, 1);
    assert.equal(await page.locator('.range-buttons .seg[aria-pressed="true"]').innerText(), 'This session');

    await pick(page, 'hour', 5);
    await pick(page, 'all', 6);
    const all = await getJson<CostResponse>(`${rx.base}/api/cost`);
    assert.equal((await card(page, 'Cost')).text, costText(all.totals));
    assert.ok(Math.abs((await card(page, 'Cost')).value - all.totals.costUsd) < 1e-12);
    assert.equal((await card(page, 'Input tokens')).value, all.totals.inputTokens);

    // By model and service: the same order and numbers as the API.
    const models = await page.locator('.panel-models .ranked-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label')));
    assert.deepEqual(models, all.byModel.map((m) => m.model));
    const llama = all.byModel.find((m) => m.model === 'local-llama')!;
    assert.equal(await page.locator('.panel-models .ranked-row[data-label="local-llama"] .ranked-value').innerText(), formatUsd(llama.costUsd));
    assert.equal(await page.locator('.panel-models .ranked-row[data-label="=1+1"] .ranked-value').innerText(), '?');
    const services = await page.locator('.panel-services .ranked-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-label')));
    assert.deepEqual(services, all.byService.map((s) => s.service));
    // Cost sources with their explanation.
    const sources = await page.locator('.source-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-source')));
    assert.deepEqual([...sources].sort(), Object.keys(all.bySource).sort());
    assert.match(await page.locator('.source-row[data-source="override"]').innerText(), /1 call[\s\S]*llmTraceLens\.prices/);
    assert.match(await page.locator('.source-row[data-source="unknown-model"]').innerText(), /no price is known/);
    // Over time: stacked bars per model, summing to the total.
    assert.ok((await page.locator('.chart-stacked rect.bar').count()) >= 3);
    assert.ok((await page.locator('.chart-stacked rect.bar[data-series="local-llama"]').count()) >= 1);
    // The dearest calls, dearest first.
    const top = await page.locator('.top-call').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-span-id')));
    assert.deepEqual(top, all.top.map((r) => r.spanId));
    await screenshot(page, 'cost-light.png');

    await page.locator('.seg[data-key="tokens"]').click();
    await page.waitForSelector('.panel-time h3:text("Tokens over time")');
    assert.match(await page.locator('.panel-models .ranked-row[data-label="local-llama"] .ranked-value').innerText(), /^24k tok$/);

    // The range is kept over a reload.
    await page.reload();
    await page.waitForFunction(() => (globalThis as unknown as PageDom).document.querySelector('.stat-card[data-card="Calls"]')?.getAttribute('data-value') === '6');
    assert.equal(await page.locator('.range-buttons .seg[aria-pressed="true"][data-key="all"]').count(), 1);

    const dark = await open(rx.base, 'dark');
    await dark.waitForSelector('.stat-card[data-card="Calls"]');
    await dark.waitForSelector('.chart-stacked rect.bar');
    await screenshot(dark, 'cost-dark.png');
  });

  it('shows the session budget and updates live as calls arrive', async () => {
    const page = await open(rx.base);
    await pick(page, 'session', 4);
    const bar = page.locator('.budget-bar');
    assert.equal(await bar.getAttribute('aria-valuemax'), '0.05');
    const before = await getJson<CostResponse>(`${rx.base}/api/cost?from=${sessionStart}`);
    assert.ok(Math.abs(Number(await bar.getAttribute('aria-valuenow')) - before.session.costUsd) < 1e-12);
    assert.match(await page.locator('.panel-budget').innerText(), /of \$0\.050 session budget/);

    await send(rx, 'planner', [{ model: 'gpt-4o', start: Date.now(), ms: 300, inTok: 4000, outTok: 500 }]);
    await page.waitForFunction(() => (globalThis as unknown as PageDom).document.querySelector('.stat-card[data-card="Calls"]')?.getAttribute('data-value') === '5', undefined, { timeout: 10_000 });
    const after = await getJson<CostResponse>(`${rx.base}/api/cost?from=${sessionStart}`);
    assert.equal((await card(page, 'Cost')).text, costText(after.totals));
    assert.ok(after.session.costUsd > before.session.costUsd);
  });

  it('downloads the calls of the range as CSV', async () => {
    const page = await open(rx.base);
    await pick(page, 'all', 7);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('vscode-button:text("Export CSV")').click()]);
    assert.match(download.suggestedFilename(), /^llm-costs-all-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    const lines = text.split('\r\n').filter(Boolean);
    assert.equal(lines[0], 'start,trace id,span id,service,model,provider,operation,input tokens,output tokens,cost usd,cost source,duration ms');
    assert.equal(lines.length, 1 + 7, 'one row per LLM call, none for the root spans');
    const calls = (await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls`)).calls.filter((c) => c.spanClass === 'llm');
    for (const c of calls) assert.ok(lines.some((l) => l.includes(`,${c.traceId},${c.spanId},`)), c.spanId);
    assert.ok(lines.some((l) => l.includes(`,"summariser, ""batch""",local-llama,openai,chat,20000,4000,`)), 'a service with a comma and quotes is quoted');
    assert.ok(lines.some((l) => l.includes(`,planner,'=1+1,openai,chat,10,10,,unknown-model,`)), 'a formula-like model is defused; unknown cost is empty');
    assert.match(lines[1]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,/);

    const hour = await open(rx.base);
    await pick(hour, 'hour', 6);
    const [d2] = await Promise.all([hour.waitForEvent('download'), hour.locator('vscode-button:text("Export CSV")').click()]);
    assert.equal((await readFile((await d2.path())!, 'utf8')).split('\r\n').filter(Boolean).length, 1 + 6);
  });

  it('opens the dearest call in its trace', async () => {
    const page = await open(rx.base);
    await pick(page, 'all', 7);
    const first = page.locator('.top-call').first();
    const [traceId, spanId] = [await first.getAttribute('data-trace-id'), await first.getAttribute('data-span-id')];
    await first.click();
    await page.waitForURL(`**/ui/trace/${traceId}?span=${spanId}`);
    await page.waitForSelector('.trace-header');
    assert.match(await page.locator('.span-summary').innerText(), new RegExp(spanId!));
  });

  it('says there are no calls, and that no budget is set, on an empty receiver', async () => {
    const page = await open(empty.base);
    await page.waitForSelector('.dash-empty');
    assert.match(await page.locator('.dash-empty').innerText(), /No LLM calls in “this session”/);
    assert.match(await page.locator('.budget-hint').first().innerText(), /set sessionBudgetUsd/);
    assert.equal(await page.locator('.budget-bar').count(), 0);
    await screenshot(page, 'cost-empty.png');
  });
});
