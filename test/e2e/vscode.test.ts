// The extension in a real VS Code (code-server 4.139 = VS Code 1.139, a real Node extension host,
// webviews in headless Chromium), used the way a developer would: install the VSIX, open the
// sidebar, send a trace from the OpenTelemetry SDK, open it, read the flame graph and the chat,
// run a command, and close the editor. Screenshots of every step go to test-artifacts/screenshots.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { ROOT } from '../helpers/browser';
import type { HealthResponse } from '../../receiver/src/contract/api';
import { frameText, openWorkbench, runCommand, screenshot, startCodeServer, waitFor, webviewFrame, type CodeServer, type Workbench } from '../helpers/code-server';
import { traceExporter, tracerProvider } from '../helpers/otel-sdk';
import { freePort } from '../helpers/receiver-process';


interface Manifest {
  publisher: string;
  name: string;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    viewsContainers: { activitybar: { id: string; title: string }[] };
  };
}

const ROOT_SPAN = 'e2e support agent';
const LLM_SPAN = 'chat gpt-4o-mini';
const SYSTEM = 'You answer in one sentence.';
/** Hostile on purpose: it must show as text, and never become an element. */
const PROMPT = 'Which city is the capital of France? <img src=x onerror="document.title=\'pwned\'">';
const REPLY = 'The capital of France is Paris.';

let manifest: Manifest;
let extensionId: string;
let httpPort: number;
let grpcPort: number;
let cs: CodeServer | undefined;
let wb: Workbench | undefined;
let traceId: string;
let receiverPid: number;

async function health(): Promise<HealthResponse | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${httpPort}/api/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as HealthResponse) : undefined;
  } catch {
    return undefined;
  }
}

/** A support-agent trace from the real SDK: root → LLM call (current GenAI conventions) → tool. */
async function sendTrace(): Promise<string> {
  const provider = tracerProvider(traceExporter('http/protobuf', httpPort, grpcPort), 'e2e-agent');
  const tracer = provider.getTracer('e2e', '1.0.0');
  const root = tracer.startSpan(ROOT_SPAN, { kind: SpanKind.SERVER });
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  const llm = tracer.startSpan(
    LLM_SPAN,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: SYSTEM }]),
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: PROMPT }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: REPLY }], finish_reason: 'stop' }]),
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 31,
        'gen_ai.usage.output_tokens': 8,
      },
    },
    ctx,
  );
  await new Promise((r) => setTimeout(r, 20)); // a visible width in the flame graph
  llm.end();
  const tool = tracer.startSpan('execute_tool lookup_city', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_city' } }, ctx);
  tool.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return root.spanContext().traceId;
}

/** The parent of a process, from /proc (the test runs where code-server does: Linux). */
function parentPid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Notification toasts on screen that are errors, as text. */
async function errorToasts(w: Workbench): Promise<string[]> {
  const toasts = w.page.locator('.notifications-toasts .notification-toast');
  return toasts.filter({ has: w.page.locator('.codicon-error') }).allInnerTexts();
}

/** For a wait that timed out: a screenshot, and the page's errors in the message. */
function withContext(shot: string): (err: Error) => Promise<never> {
  return async (err) => {
    await screenshot(wb!.page, shot);
    throw new Error(`${err.message}; errors in the page:\n${wb!.errors.join('\n')}`);
  };
}

async function buildVsix(): Promise<string> {
  // A prebuilt VSIX may be handed in (CI steps that package once); otherwise package the tree as it is.
  if (process.env.LTL_E2E_VSIX) return path.resolve(process.env.LTL_E2E_VSIX);
  await promisify(execFile)('npm', ['run', '--silent', 'package'], { cwd: ROOT, timeout: 120000 });
  return path.join(ROOT, 'dist/llm-trace-lens.vsix');
}

describe('the extension in a real VS Code (code-server)', { timeout: 170000 }, () => {
  before(async () => {
    manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
    extensionId = `${manifest.publisher}.${manifest.name}`;
    httpPort = await freePort();
    grpcPort = await freePort();
    const vsix = await buildVsix();
    cs = await startCodeServer({ vsix, settings: { 'llmTraceLens.receiver.port': httpPort, 'llmTraceLens.receiver.grpcPort': grpcPort } });
    wb = await openWorkbench(cs);
  });

  after(async () => {
    await wb?.browser.close();
    await cs?.stop();
  });

  it('starts its receiver on the configured port once VS Code is open', async () => {
    await screenshot(wb!.page, 'workbench');
    const h = await waitFor(health, 60000, `the receiver on :${httpPort}`);
    assert.equal(h.name, 'llm-trace-lens');
    assert.deepEqual(h.ports, { http: httpPort, grpc: grpcPort }, 'the ports from the user settings');
    assert.ok(h.dataDir.startsWith(cs!.userDataDir), `its store ${h.dataDir} is in this profile's storage`);
    receiverPid = h.pid;
  });

  it('shows a trace sent by the OpenTelemetry SDK in the sidebar, live', async () => {
    const title = manifest.contributes.viewsContainers.activitybar[0]!.title;
    assert.equal(title, 'LLM Trace Lens');
    await wb!.page.click(`.activitybar a.action-label[aria-label^="${title}"]`);
    // The status line under the list carries the receiver state once the view got its `init`.
    const list = await webviewFrame(wb!.page, { extensionId, kind: 'view', selector: '[data-state="listening"]' });
    await screenshot(wb!.page, 'sidebar-empty');
    traceId = await sendTrace();
    // A locator, not an element handle: the virtual list redraws its rows as the trace's spans arrive.
    const row = list.locator(`.trace-row[data-trace-id="${traceId}"]`);
    await row.waitFor({ timeout: 20000 });
    assert.match(await row.innerText(), new RegExp(ROOT_SPAN));
    await screenshot(wb!.page, 'sidebar-trace');
    await row.click();
  });

  it('opens the trace in a panel with a drawn flame graph and the LLM messages', async () => {
    const panel = await webviewFrame(wb!.page, {
      extensionId,
      kind: 'panel',
      selector: 'canvas',
      accept: async (f) => (await frameText(f)).includes(REPLY),
      timeoutMs: 30000,
    }).catch(withContext('trace-panel-missing'));
    const text = await frameText(panel);
    assert.ok(text.includes(PROMPT), 'the user prompt, hostile markup shown as text');
    assert.ok(text.includes(REPLY), 'the assistant reply');
    assert.equal(await panel.$('img[src="x"]'), null, 'the prompt did not become an element');
    assert.notEqual(await panel.title(), 'pwned');
    const canvas = panel.locator('canvas').first();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 0 && box.height > 0, `flame graph canvas ${JSON.stringify(box)}`);
    // Drawn, not blank: the background plus the root, LLM and tool bars' colours. (A string, since
    // this project's TypeScript has no DOM types outside webview/.)
    const colours: unknown = await panel.evaluate(`(() => {
      const c = document.querySelector('canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    })()`);
    assert.ok(typeof colours === 'number' && colours >= 3, `${String(colours)} colours on the flame graph canvas`);
    await screenshot(wb!.page, 'trace-panel');
  });

  it('shows the receiver state in the status bar', async () => {
    const items: string[] = [];
    for (const item of await wb!.page.locator('#workbench\\.parts\\.statusbar .statusbar-item').all()) {
      items.push(`${await item.innerText()} ${(await item.getAttribute('aria-label')) ?? ''}`);
    }
    const ours = items.filter((t) => t.includes(`:${httpPort}`));
    assert.ok(ours.length > 0, `a status bar item for the receiver in ${JSON.stringify(items)}`);
  });

  it('lists its commands in the command palette and runs one', async () => {
    const category = 'LLM Trace Lens';
    const titles = manifest.contributes.commands.filter((c) => c.category === category).map((c) => `${category}: ${c.title}`);
    assert.ok(titles.length > 0);
    const page = wb!.page;
    const input = page.locator('.quick-input-widget input');
    const firstRow = async (): Promise<string> =>
      (await page.locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) ?? '';
    /** Types `title` into the open palette and waits until its best match is that command. */
    const find = async (title: string): Promise<void> => {
      await input.fill(`>${title}`);
      await waitFor(async () => (await firstRow()).startsWith(title), 10000, `"${title}" in the command palette`);
    };
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    // One at a time: the palette's list only draws the rows that fit on screen.
    for (const title of titles) await find(title);
    await find(`${category}: `);
    await screenshot(page, 'command-palette');
    // The palette lists what the manifest declares; running one shows the command is registered.
    await find(`${category}: Show Output`);
    await page.keyboard.press('Enter');
    const panel = page.locator('#workbench\\.parts\\.panel');
    const line = `listening on http://127.0.0.1:${httpPort}`;
    // The output editor draws spaces as no-break spaces and wraps long lines.
    const shown = async (): Promise<string> => (await panel.innerText().catch(() => '')).replace(/\s+/g, ' ');
    await waitFor(async () => (await shown()).includes(line), 15000, `"${line}" in its output channel`);
    await screenshot(page, 'output-channel');
  });

  it('raised no error notification', async () => {
    const errors = await errorToasts(wb!);
    await screenshot(wb!.page, 'final');
    assert.deepEqual(errors, []);
  });

  it('brings the trace panel back, with its trace, after Developer: Reload Window', async () => {
    const page = wb!.page;
    const before = receiverPid;
    await runCommand(page, 'Developer: Reload Window');
    // A fresh workbench: VS Code revives the panel through the extension's serializer, which
    // only the saved state of the page tells what trace to show.
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    const panel = await webviewFrame(page, {
      extensionId,
      kind: 'panel',
      selector: `body[data-trace-id="${traceId}"] canvas`,
      accept: async (f) => (await frameText(f)).includes(REPLY),
      timeoutMs: 60000,
    }).catch(withContext('trace-panel-not-restored'));
    assert.ok((await frameText(panel)).includes(PROMPT), 'the restored panel shows the call again');
    await screenshot(page, 'trace-panel-restored');
    // The restored panel is the trace's panel: opening the trace again reuses it.
    const tabs = page.locator('.editor-group-container .tabs-container .tab');
    const open = await tabs.count();
    const list = await webviewFrame(page, { extensionId, kind: 'view', selector: `.trace-row[data-trace-id="${traceId}"]`, timeoutMs: 30000 });
    await list.locator(`.trace-row[data-trace-id="${traceId}"]`).click();
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await tabs.count(), open, 'no second panel for the same trace');
    // Later steps follow the receiver of the extension host now running.
    receiverPid = (await waitFor(async () => (await health())?.pid, 30000, 'a receiver after the reload'));
    console.log(`receiver before reload ${before}, after ${receiverPid}`);
  });

  it('ends its receiver when the extension host dies without deactivating', async () => {
    // SIGKILL gives deactivate() no chance to run: the receiver must notice its parent is gone.
    const host = parentPid(receiverPid);
    assert.match(readFileSync(`/proc/${host}/cmdline`, 'utf8'), /extensionHost|bootstrap-fork/, `pid ${host} is the extension host`);
    process.kill(host, 'SIGKILL');
    await waitFor(async () => !alive(receiverPid), 10000, `the receiver (pid ${receiverPid}) to exit with its extension host`);
    await screenshot(wb!.page, 'extension-host-killed');
  });

  it('comes back with the stored trace after the extension host restarts', async () => {
    await waitFor(async () => {
      const h = await health();
      return h && h.pid !== receiverPid;
    }, 30000, 'the restarted extension host to start a new receiver').catch(withContext('receiver-not-restarted'));
    await webviewFrame(wb!.page, { extensionId, kind: 'view', selector: `.trace-row[data-trace-id="${traceId}"]`, timeoutMs: 30000 });
    await screenshot(wb!.page, 'extension-host-restarted');
  });

  it('stops its receiver when VS Code is stopped', async () => {
    const running = await waitFor(health, 15000, 'a running receiver');
    await wb!.browser.close();
    wb = undefined;
    const server = cs!;
    cs = undefined;
    await server.stop();
    await waitFor(async () => !alive(running.pid) && (await health()) === undefined, 10000, `the receiver (pid ${running.pid}) to exit`);
  });
});
