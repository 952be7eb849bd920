// Issue 12's editor features in a real VS Code (code-server 4.139 = VS Code 1.139, webviews in
// headless Chromium), fed by the OpenTelemetry JS SDK: a latency warning raised by real traffic
// (notification, Warnings view, "Show"), the CodeLens and hover at the call site, "Go to Source"
// from the palette and from the trace panel, a comparison in the panel and in VS Code's own diff
// editor, the cost dashboard and the GPU panel's no-GPU state. Screenshots go to
// test-artifacts/screenshots/e2e-editor-NN-*.png.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { Frame, Page } from 'playwright-core';
import {
  frameText,
  openWorkbench,
  quickInput,
  runCommand,
  screenshot,
  startCodeServer,
  toastTexts,
  waitFor,
  webviewFrame,
  type CodeServer,
  type Workbench,
} from '../helpers/code-server';
import { traceExporter, tracerProvider } from '../helpers/otel-sdk';
import { freePort } from '../helpers/receiver-process';
import { ROOT, SCREENSHOTS } from '../helpers/browser';

const SHOT_PREFIX = 'e2e-editor';

const SERVICE = 'e2e-editor-app';
const LLM_SPAN = 'chat gpt-4o-mini';
/** The app ran elsewhere (a container, another checkout): only the path's tail matches the workspace. */
const REPORTED_PATH = '/home/dev/elsewhere/app/chat.py';
const SOURCE = 'import os\n\ndef answer(q):\n    return client.chat(q)\n';
const CALL_LINE = 3;
const LATENCY_MS = 60;
const THRESHOLD_MS = 30;
/** Two runs of one prompt with one word changed, for the comparisons. */
const FIRST = { prompt: 'Summarise the quarterly report in one line.', reply: 'Revenue grew while costs stayed flat.' };
const SECOND = { prompt: 'Summarise the annual report in one line.', reply: 'Revenue grew while costs stayed flat.' };

interface Sent {
  traceId: string;
  spanId: string;
}

let extensionId: string;
let httpPort: number;
let grpcPort: number;
let cs: CodeServer | undefined;
let wb: Workbench | undefined;
let first: Sent;
let second: Sent;

function page(): Page {
  return wb!.page;
}

function shot(name: string): Promise<string> {
  return screenshot(page(), name, SHOT_PREFIX);
}

/** For a wait that timed out: a screenshot, and the page's errors in the message. */
function withContext(name: string): (err: Error) => Promise<never> {
  return async (err) => {
    await shot(name);
    throw new Error(`${err.message}; errors in the page:\n${wb!.errors.join('\n')}`);
  };
}

/** One request of the app: a root span and a chat call of LATENCY_MS made at app/chat.py:3. */
async function sendCall(text: { prompt: string; reply: string }): Promise<Sent> {
  const provider = tracerProvider(traceExporter('http/protobuf', httpPort, grpcPort), SERVICE);
  const tracer = provider.getTracer('e2e-editor', '1.0.0');
  const t0 = Date.now() - 100;
  const root = tracer.startSpan('answer question', { kind: SpanKind.SERVER, startTime: t0 });
  const llm = tracer.startSpan(
    LLM_SPAN,
    {
      kind: SpanKind.CLIENT,
      startTime: t0 + 10,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: text.prompt }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: text.reply }], finish_reason: 'stop' }]),
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 200,
        'code.filepath': REPORTED_PATH,
        'code.lineno': CALL_LINE,
        'code.function': 'answer',
      },
    },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  llm.end(t0 + 10 + LATENCY_MS);
  root.end(t0 + 90);
  await provider.forceFlush();
  await provider.shutdown();
  return { traceId: llm.spanContext().traceId, spanId: llm.spanContext().spanId };
}

/** The trace panel of `sent` once it shows that span selected (its id is in the span summary). */
function tracePanel(sent: Sent): Promise<Frame> {
  return webviewFrame(page(), {
    extensionId,
    kind: 'panel',
    selector: `body[data-trace-id="${sent.traceId}"] .span-summary`,
    accept: async (f) => (await f.locator('.span-summary').innerText().catch(() => '')).includes(sent.spanId),
  });
}

/** Text of a workbench part, with Monaco's no-break spaces and wrapping folded to single spaces. */
async function partText(selector: string): Promise<string> {
  return (await page().locator(selector).first().innerText({ timeout: 2000 }).catch(() => '')).replace(/\s+/g, ' ');
}

/** The title of the editor tab in front ('' when none); the tab's text splits a file name in two. */
async function activeTab(): Promise<string> {
  // A file's label, "chat.py", may carry more after it (a preview tab's, say).
  return (await page().locator('.tabs-container .tab.active').first().getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) ?? '';
}

async function closeAllEditors(): Promise<void> {
  await runCommand(page(), 'View: Close All Editors');
  await waitFor(async () => (await page().locator('.tabs-container .tab').count()) === 0, 10000, 'every editor to close');
}

/** Waits for the command's own quick pick (not the palette it was run from), and takes its first row: the newest call. */
async function pickNewestCall(title: string): Promise<void> {
  await waitFor(async () => (await partText('.quick-input-widget .quick-input-title')) === title, 10000, `the quick pick "${title}"`);
  const rows = page().locator('.quick-input-list .monaco-list-row');
  await waitFor(async () => (await rows.count()) === 2 && ((await rows.first().getAttribute('aria-label')) ?? '').startsWith(LLM_SPAN), 10000, 'both calls in the quick pick');
}

/**
 * Keeps the text of every notification toast of the run, errors apart: toasts hide after a
 * while, and one whose action was taken leaves the notification centre too.
 */
async function recordToasts(): Promise<void> {
  // A string: this project's TypeScript has no DOM types outside webview/.
  await page().evaluate(`(() => {
    const seen = { all: new Set(), errors: new Set() };
    window.__ltlToasts = seen;
    const look = () => {
      for (const t of document.querySelectorAll('.notifications-toasts .notification-toast')) {
        const text = t.innerText.replace(/\\s+/g, ' ').trim();
        if (!text) continue;
        seen.all.add(text);
        if (t.querySelector('.codicon-error')) seen.errors.add(text);
      }
    };
    new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);
}

async function recordedToasts(): Promise<{ all: string[]; errors: string[] }> {
  return (await page().evaluate('({ all: [...window.__ltlToasts.all], errors: [...window.__ltlToasts.errors] })')) as { all: string[]; errors: string[] };
}

async function buildVsix(): Promise<string> {
  // A prebuilt VSIX may be handed in (CI steps that package once); otherwise package the tree as it is.
  if (process.env.LTL_E2E_VSIX) return path.resolve(process.env.LTL_E2E_VSIX);
  await promisify(execFile)('npm', ['run', '--silent', 'package'], { cwd: ROOT, timeout: 120000 });
  return path.join(ROOT, 'dist/llm-trace-lens.vsix');
}

describe('issue 12 editor features in a real VS Code (code-server)', { timeout: 150000 }, () => {
  before(async () => {
    // Only this run's screenshots: a step that failed last time must not leave a stale picture.
    for (const f of await readdir(SCREENSHOTS).catch(() => [])) if (f.startsWith(`${SHOT_PREFIX}-`)) await rm(path.join(SCREENSHOTS, f));
    const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string };
    extensionId = `${manifest.publisher}.${manifest.name}`;
    httpPort = await freePort();
    grpcPort = await freePort();
    const vsix = await buildVsix();
    cs = await startCodeServer({
      vsix,
      settings: {
        'llmTraceLens.receiver.port': httpPort,
        'llmTraceLens.receiver.grpcPort': grpcPort,
        'llmTraceLens.warnings.rules': { callLatencyMs: THRESHOLD_MS },
      },
    });
    // The source file is in the workspace before the workbench opens, at another path than reported.
    await mkdir(path.join(cs.folder, 'app'), { recursive: true });
    await writeFile(path.join(cs.folder, 'app/chat.py'), SOURCE);
    wb = await openWorkbench(cs);
    await recordToasts();
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${httpPort}/api/health`, { signal: AbortSignal.timeout(2000) }).catch(() => null))?.ok,
      60000,
      `the receiver on :${httpPort}`,
    );
  });

  after(async () => {
    await wb?.browser.close();
    await cs?.stop();
  });

  it('notifies about a call over the latency threshold, lists it in the Warnings view, and Show opens its span', async () => {
    await page().click('.activitybar a.action-label[aria-label^="LLM Trace Lens"]');
    // The extension has its live connection once the sidebar list shows the receiver listening.
    await webviewFrame(page(), { extensionId, kind: 'view', selector: '[data-state="listening"]' });
    first = await sendCall(FIRST);
    const toast = page()
      .locator('.notifications-toasts .notification-toast')
      .filter({ hasText: `LLM Trace Lens: ${LLM_SPAN}: latency` });
    await toast.waitFor({ timeout: 20000 }).catch(withContext('no-warning-toast'));
    const text = (await toast.innerText()).replace(/\s+/g, ' ');
    assert.match(text, new RegExp(`latency ${LATENCY_MS} ms > ${THRESHOLD_MS} ms`));
    assert.equal(await toast.locator('.codicon-warning').count(), 1, 'a warning, not an error');
    const buttons = await toast.locator('.monaco-button').allInnerTexts();
    assert.ok(buttons.includes('Show') && buttons.includes('Mute'), `Show and Mute in ${JSON.stringify(buttons)}`);
    const sidebar = '[id="workbench.parts.sidebar"]';
    // The view's title counts the warning before its tree has redrawn the item.
    const item = `${LATENCY_MS} ms vs ${THRESHOLD_MS} ms`;
    await waitFor(async () => (await partText(sidebar)).includes(item), 10000, `"${item}" in the Warnings view`).catch(withContext('warnings-view'));
    const side = await partText(sidebar);
    assert.match(side, /Warnings 1 active/);
    assert.match(side, new RegExp(`${LLM_SPAN}: latency ${LATENCY_MS} ms`));
    await shot('warning-notification');
    await toast.locator('.monaco-button', { hasText: /^Show$/ }).click();
    const panel = await tracePanel(first).catch(withContext('show-did-not-open-span'));
    assert.ok((await frameText(panel)).includes(FIRST.prompt), 'the warned call, with its prompt');
    await shot('warning-show-opens-span');
  });

  it('shows a CodeLens and a hover at the call site, and the lens opens the latest call', async () => {
    second = await sendCall(SECOND);
    await quickInput(page(), 'Control+P', 'chat.py', 'chat.py');
    const lens = page().locator('.codelens-decoration').filter({ hasText: 'LLM calls' });
    // The lens refreshes as traces arrive: wait for both calls.
    await waitFor(async () => (await lens.first().innerText({ timeout: 1000 }).catch(() => '')).includes('2 LLM calls'), 20000, 'a CodeLens counting 2 LLM calls').catch(
      withContext('no-codelens'),
    );
    const title = (await lens.first().innerText()).replace(/\s+/g, ' ');
    assert.match(title, new RegExp(`2 LLM calls · last ${LATENCY_MS} ms · 1,200 tok · \\$0\\.00027`));
    // The lens sits above line 3, `def answer(q):`.
    const lensTop = (await lens.first().boundingBox())!.y;
    const word = page().locator('.view-line span span', { hasText: /^answer$/ }).first();
    const wordTop = (await word.boundingBox())!.y;
    assert.ok(lensTop < wordTop && wordTop - lensTop < 40, `the lens (y ${lensTop}) right above "answer" (y ${wordTop})`);
    await shot('codelens');

    const hover = page().locator('.monaco-hover-content').filter({ hasText: 'Prompt' });
    await waitFor(
      async () => {
        await word.hover();
        return hover.isVisible().catch(() => false);
      },
      15000,
      'the call-site hover',
    ).catch(withContext('no-hover'));
    const hoverText = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.ok(hoverText.includes(SECOND.prompt), `the latest prompt in ${hoverText}`);
    assert.ok(hoverText.includes(SECOND.reply), 'and its response');
    assert.match(hoverText, /gpt-4o-mini/);
    await shot('hover');
    await page().mouse.move(700, 880);

    await lens.first().locator('a').first().click();
    const panel = await tracePanel(second).catch(withContext('lens-did-not-open-call'));
    assert.ok((await frameText(panel)).includes(SECOND.prompt));
    await shot('codelens-opens-call');
  });

  it('goes to the source of a call from the command palette', async () => {
    // With no trace panel in front the command asks which call.
    await closeAllEditors();
    await runCommand(page(), 'LLM Trace Lens: Go to Source');
    await pickNewestCall('Go to the source of which call?');
    await shot('go-to-source-pick');
    await page().keyboard.press('Enter');
    await waitFor(async () => (await activeTab()).startsWith('chat.py'), 15000, 'chat.py to open').catch(withContext('go-to-source-no-file'));
    await waitFor(async () => (await partText('#status\\.editor\\.selection')) === `Ln ${CALL_LINE}, Col 1`, 10000, `the cursor on line ${CALL_LINE}`).catch(
      withContext('go-to-source-wrong-line'),
    );
    await shot('go-to-source');
  });

  it('goes to the source of a span from the trace panel', async () => {
    await closeAllEditors();
    const list = await webviewFrame(page(), { extensionId, kind: 'view', selector: `.trace-row[data-trace-id="${first.traceId}"]` });
    await list.locator(`.trace-row[data-trace-id="${first.traceId}"]`).click();
    const panel = await webviewFrame(page(), { extensionId, kind: 'panel', selector: `body[data-trace-id="${first.traceId}"] .span-summary` });
    const button = panel.locator('.span-summary .go-to-source');
    await button.waitFor({ timeout: 10000 }).catch(withContext('no-go-to-source-control'));
    await shot('trace-panel-go-to-source');
    await button.click();
    await waitFor(async () => (await activeTab()).startsWith('chat.py'), 15000, 'chat.py to open from the panel').catch(
      withContext('panel-go-to-source-no-file'),
    );
    await waitFor(async () => (await partText('#status\\.editor\\.selection')) === `Ln ${CALL_LINE}, Col 1`, 10000, `the cursor on line ${CALL_LINE}`);
  });

  it('compares a call with the previous one, word by word, and in the native diff editor', async () => {
    await closeAllEditors();
    await runCommand(page(), 'LLM Trace Lens: Compare With Previous Call');
    await pickNewestCall('Compare which call with the previous one?');
    await page().keyboard.press('Enter'); // the newest: the second call, compared with the first
    const panel = await webviewFrame(page(), {
      extensionId,
      kind: 'panel',
      selector: 'body[data-view="compare"] .compare-calls',
    }).catch(withContext('no-compare-panel'));
    assert.equal(await panel.locator('del.diff-removed', { hasText: 'quarterly' }).count(), 1, 'the first call\'s word marked removed');
    assert.equal(await panel.locator('ins.diff-added', { hasText: 'annual' }).count(), 1, 'the second call\'s word marked added');
    assert.equal(await activeTab(), 'Compare LLM calls');
    await shot('compare-panel');

    await panel.getByRole('button', { name: 'Open in VS Code diff editor' }).click();
    const diff = page().locator('.monaco-diff-editor');
    await diff.waitFor({ state: 'visible', timeout: 15000 }).catch(withContext('no-diff-editor'));
    const side = (which: 'original' | 'modified'): Promise<string> => partText(`.monaco-diff-editor .editor.${which} .view-lines`);
    await waitFor(async () => (await side('original')).includes('quarterly') && (await side('modified')).includes('annual'), 15000, 'both calls in the diff editor').catch(
      withContext('diff-editor-text'),
    );
    for (const which of ['original', 'modified'] as const) assert.match(await side(which), new RegExp(`# ${LLM_SPAN} · ${SERVICE}`), `${which}: the call heading`);
    assert.ok(!(await side('original')).includes('annual') && !(await side('modified')).includes('quarterly'), 'each side has its own prompt');
    await shot('native-diff');
  });

  it('shows the cost dashboard with the calls sent', async () => {
    await runCommand(page(), 'LLM Trace Lens: Show Cost Dashboard');
    const panel = await webviewFrame(page(), {
      extensionId,
      kind: 'panel',
      selector: 'body[data-view="cost"] .stat-card[data-card="Calls"]',
    }).catch(withContext('no-cost-dashboard'));
    assert.equal(await panel.locator('.stat-card[data-card="Calls"]').getAttribute('data-value'), '2');
    assert.ok((await frameText(panel)).includes('gpt-4o-mini'), 'the model in the breakdown');
    await shot('cost-dashboard');
  });

  it('shows the GPU panel\'s clear no-GPU state', async () => {
    await runCommand(page(), 'LLM Trace Lens: Show GPU');
    const panel = await webviewFrame(page(), {
      extensionId,
      kind: 'panel',
      selector: 'body[data-view="gpu"] .gpu-state[data-sampler="none"]',
      timeoutMs: 30000,
    }).catch(withContext('no-gpu-state'));
    const state = await panel.locator('.gpu-state').innerText();
    assert.match(state, /No supported GPU found/);
    assert.match(await panel.locator('.gpu-state-message').innerText(), /no supported GPU found/, 'the receiver\'s own words');
    await shot('gpu-none');
  });

  it('raised no error notification in the whole run', async () => {
    assert.deepEqual(await toastTexts(page(), 'error'), [], 'no error toast on screen');
    const seen = await recordedToasts();
    assert.ok(seen.all.some((t) => t.includes(`LLM Trace Lens: ${LLM_SPAN}: latency`)), `the latency warning was seen among ${JSON.stringify(seen.all)}`);
    assert.deepEqual(seen.errors, [], 'no error toast at any time');
    await runCommand(page(), 'Notifications: Show Notifications');
    const centre = page().locator('.notifications-center');
    await centre.waitFor({ state: 'visible', timeout: 10000 });
    assert.deepEqual(await centre.locator('.notification-list-item').filter({ has: page().locator('.codicon-error') }).allInnerTexts(), [], 'none in the notification centre');
    await shot('notifications');
  });
});
