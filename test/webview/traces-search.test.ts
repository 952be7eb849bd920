// The trace list's search through prompts and responses and its LLM calls mode, in the receiver's
// browser page (/ui) in headless Chromium, against a real receiver fed by the OpenTelemetry JS
// SDK; and the host side both hosts share (list-queries.ts) against the same receiver.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROOT_CONTEXT, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { Page, Route } from 'playwright-core';
import type { Browser } from 'playwright-core';
import type { LlmCallsResponse } from '../../receiver/src/contract/api';
import { ReceiverClient } from '../../receiver/src/contract/client';
import type { HostToWebview } from '../../webview/src/protocol';
import { CallsFeed, searchAnswer } from '../../webview/src/traces/list-queries';
import { launchBrowser, openPage, screenshot, type ProbedPage } from '../helpers/browser';
import { traceExporter, tracerProvider } from '../helpers/otel-sdk';
import { eventually, freePort, getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';

/** Fixed prices for gpt-4o-mini; llama3.2 has none, so its cost is unknown. */
const PRICE = 'gpt-4o-mini*=100,400';
/** Words that occur only inside prompts: no name, service or model holds them. */
const UNIQUE = 'zebracornium';
const OTHER = 'kumquatlandia';
const HOSTILE_NAME = 'chat <img src=x onerror="window.__pwned=1">';

interface Sent {
  traceId: string;
  spanId: string;
}

interface CallSpec {
  root: string;
  name: string;
  model: string;
  prompt: string;
  startMs: number;
  error?: boolean;
}

function emitCall(tracer: Tracer, spec: CallSpec): Sent {
  const root = tracer.startSpan(spec.root, { startTime: spec.startMs });
  const chat = tracer.startSpan(
    spec.name,
    {
      startTime: spec.startMs + 5,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': spec.model,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: spec.prompt }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Sure.' }], finish_reason: 'stop' }]),
        'gen_ai.usage.input_tokens': 120,
        'gen_ai.usage.output_tokens': 30,
      },
    },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  if (spec.error) chat.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  chat.end(spec.startMs + 405);
  root.end(spec.startMs + 410);
  return { traceId: root.spanContext().traceId, spanId: chat.spanContext().spanId };
}

async function send(rx: ReceiverProcess, service: string, specs: CallSpec[]): Promise<Sent[]> {
  const provider = tracerProvider(traceExporter('http/protobuf', rx.httpPort, rx.grpcPort), service);
  const tracer = provider.getTracer('search-test');
  const sent = specs.map((s) => emitCall(tracer, s));
  await provider.forceFlush();
  await provider.shutdown();
  return sent;
}

/** The page globals the tests read; the test project is compiled without DOM types. */
interface PageGlobals {
  __pwned?: number;
}

const traceIds = (page: Page): Promise<string[]> => page.$$eval('.trace-row', (rows) => rows.map((r) => r.getAttribute('data-trace-id') ?? ''));
const callKeys = (page: Page): Promise<string[]> =>
  page.$$eval('.call-row', (rows) => rows.map((r) => `${r.getAttribute('data-trace-id') ?? ''}/${r.getAttribute('data-span-id') ?? ''}`));
const key = (s: Sent): string => `${s.traceId}/${s.spanId}`;
const filterBox = (page: Page) => page.locator('vscode-textfield.filter-text input');
const note = (page: Page): Promise<string> => page.locator('.deep-search-note').innerText();

describe('trace list: search prompts and responses, LLM calls mode (/ui)', () => {
  let browser: Browser;
  let rx: ReceiverProcess;
  let unique: Sent;
  let other: Sent;
  let failing: Sent;
  let local: Sent;
  let hostile: Sent;
  const pages: ProbedPage[] = [];
  const now = Date.now();

  before(async () => {
    browser = await launchBrowser();
    rx = await startReceiverProcess({ args: ['--price', PRICE] });
    [unique, other, failing] = await send(rx, 'search-lab', [
      { root: 'plan trip', name: 'chat gpt-4o-mini', model: 'gpt-4o-mini', prompt: `Plan a week with a ${UNIQUE} in Lisbon`, startMs: now - 50000 },
      { root: 'answer question', name: 'chat gpt-4o-mini', model: 'gpt-4o-mini', prompt: `What is a ${OTHER}?`, startMs: now - 40000 },
      { root: 'summarise', name: 'chat gpt-4o-mini', model: 'gpt-4o-mini', prompt: 'Summarise the report', startMs: now - 30000, error: true },
    ]) as [Sent, Sent, Sent];
    [local] = (await send(rx, 'local-lab', [{ root: 'local run', name: 'chat llama3.2', model: 'llama3.2', prompt: 'Hello', startMs: now - 20000 }])) as [Sent];
    [hostile] = (await send(rx, 'search-lab', [{ root: 'hostile run', name: HOSTILE_NAME, model: 'gpt-4o-mini', prompt: 'hi', startMs: now - 10000 }])) as [Sent];
    await eventually(async () => (await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls`)).calls.length === 5);
  });
  after(async () => {
    for (const p of pages) assert.deepEqual(p.errors, [], 'no console errors or page errors');
    await browser?.close();
    await rx?.stop();
    if (rx) await removeDir(rx.dataDir);
  });

  const open = async (viewport = { width: 420, height: 640 }): Promise<ProbedPage> => {
    const p = await openPage(browser, `${rx.base}/ui`, { viewport });
    pages.push(p);
    await p.page.waitForSelector('.trace-row');
    return p;
  };

  it('finds a trace by a word only its prompt holds', async () => {
    const { page } = await open();
    await eventually(async () => (await traceIds(page)).length === 5);
    await filterBox(page).fill(UNIQUE);
    await eventually(async () => (await traceIds(page)).join() === unique.traceId);
    assert.equal(await note(page), '1 more found in prompts and responses');
    assert.match(await page.locator('.list-count').innerText(), /^1 of 5 traces/);
    await screenshot(page, 'list-deep-search.png');

    // Off: the page matches names only, so nothing is left.
    await page.locator('vscode-checkbox.filter-deep').click();
    await page.waitForSelector('.no-match');
    assert.deepEqual(await traceIds(page), []);
    assert.equal(await page.locator('.deep-search-note').isHidden(), true);
    await page.locator('vscode-checkbox.filter-deep').click();
    await eventually(async () => (await traceIds(page)).join() === unique.traceId);

    // Under three characters the receiver is not asked; name matches still show.
    await filterBox(page).fill('pl');
    await eventually(async () => (await traceIds(page)).join() === unique.traceId);
    assert.equal(await page.locator('.deep-search-note').isHidden(), true);
  });

  it('ignores an answer that comes back after a newer one, and shows a spinner while waiting', async () => {
    const { page } = await open();
    let releaseOld: () => void = () => undefined;
    const oldHeld = new Promise<void>((r) => (releaseOld = r));
    let oldAsked = false;
    // The network is real; only the first answer is delayed until the second has been shown.
    await page.route(`**/api/traces?*text=${OTHER}*`, async (route: Route) => {
      oldAsked = true;
      await oldHeld;
      await route.continue();
    });
    await filterBox(page).fill(OTHER);
    await eventually(async () => oldAsked);
    await page.waitForSelector('.deep-search-spinner');
    assert.match(await note(page), /Searching prompts and responses/);
    await filterBox(page).fill(UNIQUE);
    await eventually(async () => (await traceIds(page)).join() === unique.traceId);
    const late = page.waitForResponse((r) => r.url().includes(`text=${OTHER}`));
    releaseOld();
    await late;
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await traceIds(page), [unique.traceId], 'the stale answer for the old text changed nothing');
    assert.equal(await note(page), '1 more found in prompts and responses');
  });

  it('lists LLM calls with their numbers, filters them, and keeps the mode and ticks', async () => {
    const { page } = await open();
    await page.locator('.mode-button[data-mode="calls"]').click();
    await page.waitForSelector('.call-row');
    assert.equal(await page.locator('.trace-row').count(), 0, 'the trace rows make way');
    assert.deepEqual(await callKeys(page), [hostile, local, failing, other, unique].map(key), 'newest first');
    assert.match(await page.locator('.list-count').innerText(), /^5 LLM calls/);
    const row = (s: Sent) => page.locator(`.call-row[data-span-id="${s.spanId}"]`);
    const priced = await row(other).innerText();
    assert.match(priced, /chat gpt-4o-mini/);
    assert.match(priced, /search-lab/);
    assert.match(priced, /120→30 tok/);
    assert.match(priced, /400 ms/);
    assert.match(priced, /\$\d/);
    const unpriced = await row(local).innerText();
    assert.match(unpriced, /llama3\.2 · local-lab/);
    assert.match(unpriced, /\?$/m);
    assert.doesNotMatch(unpriced, /\$/);
    assert.match(await row(failing).innerText(), /err/);

    // The hostile name is text.
    assert.match(await row(hostile).innerText(), /chat <img src=x onerror="window.__pwned=1">/);
    assert.equal(await page.locator('#app img').count(), 0);
    assert.equal(await page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned), undefined);

    // The same filter box, over name, model and service.
    await filterBox(page).fill('llama');
    await eventually(async () => (await callKeys(page)).join() === key(local));
    await filterBox(page).fill('local-lab');
    await eventually(async () => (await callKeys(page)).join() === key(local));
    await filterBox(page).fill('');
    await eventually(async () => (await callKeys(page)).length === 5);

    // Three ticks keep the last two.
    await row(unique).locator('.row-check').check();
    await row(failing).locator('.row-check').check();
    assert.equal(await page.locator('.compare-calls-button').getAttribute('disabled'), null);
    await row(other).locator('.row-check').check();
    await eventually(async () => (await row(unique).locator('.row-check').isChecked()) === false);
    assert.equal(await page.locator('.row-check:checked').count(), 2);
    await screenshot(page, 'list-calls-mode.png');

    await page.reload();
    await page.waitForSelector('.call-row');
    assert.equal(await page.locator('.mode-button[data-mode="calls"]').getAttribute('aria-pressed'), 'true');
    await eventually(async () => (await page.locator('.row-check:checked').count()) === 2);
    assert.equal(await row(failing).locator('.row-check').isChecked(), true);
    assert.equal(await row(other).locator('.row-check').isChecked(), true);
  });

  it('compares exactly the two ticked calls, the older one as A', async () => {
    const { page } = await open();
    await page.locator('.mode-button[data-mode="calls"]').click();
    await page.waitForSelector('.call-row');
    for (const c of await page.locator('.row-check:checked').all()) await c.uncheck();
    assert.match(await page.locator('.compare-calls-button').innerText(), /Compare calls \(0\/2\)/);
    // Ticked newer first: A is still the older call.
    await page.locator(`.call-row[data-span-id="${failing.spanId}"] .row-check`).check();
    await page.locator(`.call-row[data-span-id="${unique.spanId}"] .row-check`).check();
    await page.locator('.compare-calls-button').click();
    await page.waitForURL((u) => u.pathname === '/ui/compare' && u.searchParams.get('left') === key(unique) && u.searchParams.get('right') === key(failing));
    await page.waitForSelector('.compare-calls');
    assert.match(await page.locator('.side-card[data-side="A"]').innerText(), /chat gpt-4o-mini/);
    assert.match(await page.locator('.cmp-left').allInnerTexts().then((t) => t.join('\n')), new RegExp(UNIQUE));
    assert.match(await page.locator('.cmp-right').allInnerTexts().then((t) => t.join('\n')), /Summarise the report/);
  });

  it('opens a call in its trace at its span, and follows new calls live', async () => {
    const { page } = await open();
    await page.locator('.mode-button[data-mode="calls"]').click();
    await page.waitForSelector('.call-row');
    const [fresh] = (await send(rx, 'search-lab', [{ root: 'late run', name: 'chat gpt-4o-mini', model: 'gpt-4o-mini', prompt: 'late', startMs: Date.now() }])) as [Sent];
    await eventually(async () => (await callKeys(page))[0] === key(fresh));
    await page.locator(`.call-row[data-span-id="${other.spanId}"] .row-name`).click();
    await page.waitForURL(`**/ui/trace/${other.traceId}?span=${other.spanId}`);
  });
});

describe('list queries (the host side of both hosts)', () => {
  it('answers a search with trace ids and its seq, and a failure with an error', async () => {
    const rx = await startReceiverProcess();
    try {
      const [a] = (await send(rx, 'q', [{ root: 'r', name: 'chat m', model: 'm', prompt: `about ${UNIQUE}`, startMs: Date.now() - 1000 }])) as [Sent];
      await send(rx, 'q', [{ root: 'r2', name: 'chat m', model: 'm', prompt: 'nothing here', startMs: Date.now() }]);
      const client = new ReceiverClient(rx.base);
      await eventually(async () => (await client.traces({})).traces.length === 2);
      assert.deepEqual(await searchAnswer(client, UNIQUE, 7), { type: 'search-results', seq: 7, traceIds: [a.traceId] });

      const posted: HostToWebview[] = [];
      const feed = new CallsFeed(() => client, (m) => posted.push(m), (line) => assert.fail(line));
      feed.changed();
      await new Promise((r) => setTimeout(r, 1200));
      assert.equal(posted.length, 0, 'nothing is sent before a view asks');
      feed.request(5000);
      await eventually(async () => posted.length === 1);
      assert.equal(posted[0]?.type === 'calls' && posted[0].calls.length, 2);
      await send(rx, 'q', [{ root: 'r3', name: 'chat m', model: 'm', prompt: 'third', startMs: Date.now() }]);
      feed.changed();
      feed.changed();
      await eventually(async () => posted.length === 2, 5000);
      assert.equal(posted[1]?.type === 'calls' && posted[1].calls.length, 3);
      await new Promise((r) => setTimeout(r, 1200));
      assert.equal(posted.length, 2, 'two changes within a second load once');
      feed.dispose();
    } finally {
      await rx.stop();
      await removeDir(rx.dataDir);
    }
    const gone = new ReceiverClient(`http://127.0.0.1:${await freePort()}`);
    const failed = await searchAnswer(gone, UNIQUE, 8);
    assert.equal(failed.type === 'search-results' && failed.seq, 8);
    assert.ok(failed.type === 'search-results' && failed.error && failed.traceIds.length === 0, 'an unreachable receiver is an answer with an error');
  });
});
