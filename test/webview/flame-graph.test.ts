// The trace timeline in real headless Chromium: the graph is bundled with esbuild at test time
// into a blank page; pixels are read back from its canvas, input goes through real mouse, wheel
// and keyboard events.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CLASS_COLORS } from '../../webview/src/flame/colors';
import { AXIS_HEIGHT, ROW_HEIGHT, contentHeight } from '../../webview/src/flame/geometry';
import { layoutSpans } from '../../webview/src/flame/layout';
import type { FlameSpan } from '../../webview/src/flame/types';
import { syntheticTrace } from '../bench/flame-synthetic';
import { ROOT, bundleForBrowser, collectPageErrors, launchBrowser, screenshot } from '../helpers/browser';
import type { BarBox, FlameWindow } from './flame-harness';

const MS = 1e6;
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const DARK = {
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-errorForeground': '#f85149',
  '--vscode-editorHoverWidget-background': '#252526',
  '--vscode-editorHoverWidget-border': '#454545',
  '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
};
const LIGHT = {
  ...DARK,
  '--vscode-editor-background': '#ffffff',
  '--vscode-foreground': '#3b3b3b',
  '--vscode-descriptionForeground': '#717171',
  '--vscode-errorForeground': '#e51400',
  '--vscode-editorHoverWidget-background': '#f8f8f8',
  '--vscode-editorHoverWidget-foreground': '#3b3b3b',
  '--vscode-editorHoverWidget-border': '#c8c8c8',
};

function s(id: string, name: string, spanClass: FlameSpan['spanClass'], startMs: number, endMs: number, parentId?: string, extra: Partial<FlameSpan> = {}): FlameSpan {
  const span: FlameSpan = { id, name, service: 'support-bot', startNs: startMs * MS, endNs: endMs * MS, spanClass, error: false, ...extra };
  if (parentId) span.parentId = parentId;
  return span;
}

// An agent turn: a planning step with an LLM call and two parallel tools (one failing), a
// retrieval with an embedding, a final LLM call, and a span whose name is markup.
const FIXTURE: FlameSpan[] = [
  s('root', 'invoke_agent support-bot', 'agent', 0, 1000, undefined, { detail: 'session 42' }),
  s('plan', 'agent step: plan', 'chain', 10, 600, 'root'),
  s('llm1', 'chat gpt-4o', 'llm', 20, 300, 'plan', { detail: 'gpt-4o · 1,204→88 tok · $0.0039' }),
  s('toolA', 'tool search_web', 'tool', 310, 500, 'plan', { detail: 'search_web' }),
  s('toolB', 'tool run_sql', 'tool', 320, 580, 'plan', { error: true, detail: 'run_sql: timeout' }),
  s('ret', 'retrieve documents', 'retrieval', 330, 480, 'toolA', { detail: 'top_k=8' }),
  s('emb', 'embed query', 'embedding', 332, 380, 'ret', { detail: 'text-embedding-3-small' }),
  s('final', 'chat claude-sonnet-4', 'llm', 610, 990, 'root', { detail: 'claude-sonnet-4 · 3,980→412 tok · $0.0181' }),
  s('hostile', HOSTILE, 'tool', 615, 700, 'final'),
];

let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let script = '';

function hex(color: string): [number, number, number] {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function near(actual: readonly number[], expected: readonly number[], tol = 6): boolean {
  return expected.every((v, i) => Math.abs(actual[i]! - v) <= tol);
}

async function openGraph(vars: Record<string, string>, spans: FlameSpan[], size = { width: 1000, height: 320 }): Promise<void> {
  await page?.close();
  page = await context.newPage();
  errors = collectPageErrors(page);
  await page.setViewportSize({ width: size.width, height: size.height + 40 });
  const style = Object.entries(vars)
    .map(([k, v]) => `${k}: ${v};`)
    .join(' ');
  await page.setContent(
    `<!doctype html><html><body style='margin:0; padding:20px 0 0 0; background:${vars['--vscode-editor-background']}; ${style}'>` +
      `<div id="flame" style="width:${size.width}px; height:${size.height}px"></div></body></html>`,
  );
  await page.addScriptTag({ content: script });
  await page.evaluate((sp) => (globalThis as unknown as FlameWindow).flame.mount(sp), spans);
  await frame();
}

async function frame(): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as FlameWindow).flame.frame());
}

async function box(id: string): Promise<BarBox> {
  return page.evaluate((i) => (globalThis as unknown as FlameWindow).flame.box(i), id);
}

async function pixel(x: number, y: number): Promise<[number, number, number, number]> {
  return page.evaluate(([px, py]) => (globalThis as unknown as FlameWindow).flame.pixel(px!, py!), [x, y]);
}

/** Page coordinates of a point inside a bar, away from its label and edges. */
async function inBar(id: string, at = 0.85): Promise<{ x: number; y: number; cx: number; cy: number }> {
  const b = await box(id);
  const r = await page.evaluate(() => (globalThis as unknown as FlameWindow).flame.canvasRect());
  const cx = b.x0 + (b.x1 - b.x0) * at;
  const cy = b.top + 3;
  return { x: r.left + cx, y: r.top + cy, cx, cy };
}

async function selections(): Promise<(string | null)[]> {
  return page.evaluate(() => (globalThis as unknown as FlameWindow).flame.selections);
}

async function viewports(): Promise<[number, number][]> {
  return page.evaluate(() => (globalThis as unknown as FlameWindow).flame.viewports);
}

async function liveText(): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as FlameWindow).flame.liveText());
}

before(async () => {
  script = (await bundleForBrowser(path.join(ROOT, 'test/webview/flame-page.browser.ts'))).js;
  browser = await launchBrowser();
  context = await browser.newContext({ deviceScaleFactor: 2 });
});

after(async () => {
  await browser?.close();
});

test('bars are drawn in their class colour at their place on the time axis, background elsewhere', async () => {
  await openGraph(DARK, FIXTURE);
  for (const id of ['root', 'plan', 'llm1', 'toolA', 'ret', 'emb', 'final']) {
    const span = FIXTURE.find((f) => f.id === id)!;
    const p = await inBar(id);
    const got = await pixel(p.cx, p.cy);
    assert.ok(near(got, hex(CLASS_COLORS[span.spanClass])), `${id}: pixel ${got} is not ${CLASS_COLORS[span.spanClass]}`);
  }
  // The failing tool has the error stripe on its left edge.
  const b = await box('toolB');
  assert.ok(near(await pixel(b.x0 + 1, b.top + 8), hex(DARK['--vscode-errorForeground'])), 'no error stripe');
  // Below the last row there is only background (and the tick grid lines).
  const below = contentHeight(layoutSpans(FIXTURE).rows.length) + 10;
  let bg = 0;
  for (let x = 5; x < 1000; x += 10) if (near(await pixel(x, below), hex(DARK['--vscode-editor-background']), 2)) bg++;
  assert.ok(bg >= 90, `only ${bg}/100 background pixels below the rows`);
  // The devicePixelRatio is honoured: the canvas has twice the CSS size in pixels.
  const dims = await page.evaluate(() => {
    const c = (globalThis as unknown as { document: { querySelector(q: string): { width: number; height: number } } }).document.querySelector('#flame canvas');
    return [c.width, c.height];
  });
  assert.deepEqual(dims, [2000, 640]);
  assert.deepEqual(errors, []);
});

test('clicking a bar selects it and reports its id; clicking empty space clears the selection', async () => {
  await openGraph(DARK, FIXTURE);
  const p = await inBar('llm1', 0.9);
  await page.mouse.click(p.x, p.y);
  assert.deepEqual(await selections(), ['llm1']);
  await frame();
  const b = await box('llm1');
  assert.ok(near(await pixel((b.x0 + b.x1) / 2, b.top - 1), hex(DARK['--vscode-focusBorder']), 30), 'no selection outline');
  assert.match(await liveText(), /^Selected chat gpt-4o, LLM span of support-bot, 280 ms/);
  const r = await page.evaluate(() => (globalThis as unknown as FlameWindow).flame.canvasRect());
  await page.mouse.click(r.left + 500, r.top + contentHeight(layoutSpans(FIXTURE).rows.length) + 20);
  assert.deepEqual(await selections(), ['llm1', null]);
});

test('keyboard: down goes to the first child, right to the next sibling, up to the parent', async () => {
  await openGraph(DARK, FIXTURE);
  const p = await inBar('plan');
  await page.mouse.click(p.x, p.y);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.deepEqual(await selections(), ['plan', 'llm1', 'toolA', 'toolB', 'toolB', 'plan', 'root', 'root']);
  // Off the end of the siblings, right moves on in time; End and Home go to the last and first span.
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  assert.deepEqual((await selections()).slice(-2), ['hostile', 'root']);
  assert.match(await liveText(), /invoke_agent support-bot, agent span/);
  const focus = await page.evaluate(() => {
    const d = (globalThis as unknown as { document: { activeElement: { id: string; getAttribute(n: string): string | null } } }).document;
    return [d.activeElement.id, d.activeElement.getAttribute('role'), d.activeElement.getAttribute('tabindex')];
  });
  assert.deepEqual(focus, ['flame', 'application', '0']);
});

test('wheel zooms the time axis and reports the viewport; double-click zooms to a span; 0 resets', async () => {
  await openGraph(DARK, FIXTURE);
  const p = await inBar('toolA', 0.5);
  await page.mouse.move(p.x, p.y);
  await page.mouse.wheel(0, -400);
  await frame();
  const vps = await viewports();
  assert.ok(vps.length > 0, 'no onViewport after a wheel');
  const [s0, e0] = vps.at(-1)!;
  assert.ok(e0 - s0 < 1000 * MS * 0.8, `wheel did not zoom in: ${s0}..${e0}`);
  // Zoomed around the pointer: the time under it stays inside the window.
  assert.ok(s0 < 405 * MS && e0 > 405 * MS, `${s0}..${e0}`);
  // Bars are still drawn where the new viewport puts them.
  const q = await inBar('toolA', 0.5);
  assert.ok(near(await pixel(q.cx, q.cy), hex(CLASS_COLORS.tool)), 'tool bar not redrawn at its zoomed place');

  await page.keyboard.press('0');
  const f = await inBar('final', 0.5);
  await page.mouse.dblclick(f.x, f.y);
  const [s1, e1] = (await viewports()).at(-1)!;
  assert.ok(Math.abs(s1 - 591 * MS) < 2 * MS && Math.abs(e1 - 1000 * MS) < 2 * MS, `double-click viewport ${s1}..${e1}`);
  await page.keyboard.press('0');
  assert.deepEqual((await viewports()).at(-1), [0, 1000 * MS]);
  await page.keyboard.press('+');
  const [s2, e2] = (await viewports()).at(-1)!;
  assert.ok(e2 - s2 < 1000 * MS && e2 - s2 > 500 * MS, `+ zoom ${s2}..${e2}`);
  assert.deepEqual(errors, []);
});

test('the tooltip shows a hostile span name as text and never creates its markup', async () => {
  await openGraph(DARK, FIXTURE);
  const p = await inBar('hostile', 0.5);
  await page.mouse.move(p.x, p.y);
  const tip = page.locator('#flame [role=tooltip]');
  await tip.waitFor({ state: 'visible' });
  const text = await tip.textContent();
  assert.ok(text?.includes(HOSTILE), `tooltip text: ${text}`);
  assert.match(text ?? '', /tool · support-bot/);
  assert.match(text ?? '', /duration 85 ms · starts at \+615 ms/);
  const imgs = await page.evaluate(() => (globalThis as unknown as { document: { querySelectorAll(q: string): { length: number } } }).document.querySelectorAll('img').length);
  assert.equal(imgs, 0);
  assert.equal(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned), undefined);
  await screenshot(page, 'flame-tooltip.png');
  // The error span's tooltip says so.
  const e = await inBar('toolB', 0.5);
  await page.mouse.move(e.x, e.y);
  await frame();
  assert.match((await tip.textContent()) ?? '', /run_sql: timeout.*error$/);
});

test('select and setViewport from the host do not echo back; setSpans keeps the selection; dispose cleans up', async () => {
  await openGraph(LIGHT, FIXTURE);
  await page.evaluate(() => (globalThis as unknown as FlameWindow).flame.select('ret'));
  await page.evaluate(([a, b]) => (globalThis as unknown as FlameWindow).flame.setViewport(a!, b!), [300 * MS, 600 * MS]);
  await frame();
  assert.deepEqual(await selections(), []);
  assert.deepEqual(await viewports(), []);
  // The viewport took effect: the retrieval bar now starts a tenth of the way in.
  const r = await page.evaluate(() => (globalThis as unknown as FlameWindow).flame.canvasRect());
  const row = await box('ret');
  const x = ((330 - 300) / 300) * r.width + 20;
  assert.ok(near(await pixel(x, row.top + 3), hex(CLASS_COLORS.retrieval)), 'setViewport not applied');
  await screenshot(page, 'flame-light.png');
  // A live trace grows: new spans arrive, the selection and the user's zoom stay.
  await page.evaluate((sp) => (globalThis as unknown as FlameWindow).flame.setSpans(sp), [...FIXTURE, s('late', 'tool late', 'tool', 900, 1200, 'root')]);
  await page.evaluate(() => (globalThis as unknown as FlameWindow).flame.focus());
  await page.keyboard.press('ArrowUp');
  assert.deepEqual(await selections(), ['toolA']);
  await page.evaluate(() => (globalThis as unknown as FlameWindow).flame.dispose());
  const left = await page.evaluate(() => (globalThis as unknown as { document: { querySelectorAll(q: string): { length: number } } }).document.querySelectorAll('#flame *').length);
  assert.equal(left, 0);
  assert.deepEqual(errors, []);
});

test('shift+wheel scrolls the rows; keyboard selection scrolls its bar back into view', async () => {
  const spans = [s('root', 'root', 'agent', 0, 100)];
  for (let i = 0; i < 60; i++) spans.push(s(`t${i}`, `tool ${i}`, 'tool', i, 100, 'root'));
  await openGraph(DARK, spans);
  const p = await inBar('root', 0.5);
  assert.ok(near(await pixel(p.cx, p.cy), hex(CLASS_COLORS.agent)));
  await page.mouse.move(p.x, p.y + 100);
  await page.keyboard.down('Shift');
  await page.mouse.wheel(0, 300);
  await page.keyboard.up('Shift');
  await frame();
  // Row 0's place now shows one of the tools further down; the time axis did not move.
  const band: [number, number, number, number][] = [];
  for (let y = AXIS_HEIGHT + 1; y < AXIS_HEIGHT + ROW_HEIGHT; y += 2) band.push(await pixel(p.cx, y));
  assert.ok(!band.some((c) => near(c, hex(CLASS_COLORS.agent))) && band.some((c) => near(c, hex(CLASS_COLORS.tool))), 'rows did not scroll');
  assert.equal(await page.locator('#flame [role=tooltip]').isVisible(), false, 'tooltip left over a bar that scrolled away');
  assert.deepEqual(await viewports(), []);
  await page.evaluate(() => (globalThis as unknown as FlameWindow).flame.focus());
  await page.keyboard.press('Home');
  await frame();
  assert.deepEqual(await selections(), ['root']);
  assert.ok(near(await pixel(p.cx, p.cy), hex(CLASS_COLORS.agent)), 'selected root not scrolled into view');
  assert.deepEqual(errors, []);
});

test('a 10,000-span trace renders, zooms and pans without page errors', async (t) => {
  const spans = syntheticTrace(10_000);
  await openGraph(DARK, spans, { width: 1200, height: 560 });
  const first = await page.evaluate((sp) => (globalThis as unknown as FlameWindow).flame.timeSetSpans(sp), spans);
  const root = await inBar(spans[0]!.id, 0.5);
  assert.ok(near(await pixel(root.cx, root.cy), hex(CLASS_COLORS.agent)), 'root bar not drawn');
  // Something is drawn in the nested rows too (merged sub-pixel bars included).
  let inked = 0;
  for (let x = 0; x < 1200; x += 4) if (!near(await pixel(x, root.cy + 3 * 22), hex(DARK['--vscode-editor-background']), 2)) inked++;
  assert.ok(inked > 100, `row 3 nearly empty: ${inked}/300`);
  await screenshot(page, 'flame-10k.png');
  // Ten wheel zooms and a drag, each followed by one frame: time the frames.
  await page.mouse.move(root.x, root.y + 60);
  const t0 = Date.now();
  for (let i = 0; i < 10; i++) {
    await page.mouse.wheel(0, -300);
    await frame();
  }
  await page.mouse.down();
  await page.mouse.move(root.x - 300, root.y + 20, { steps: 5 });
  await page.mouse.up();
  await frame();
  const perStep = (Date.now() - t0) / 11;
  const [v0, v1] = (await viewports()).at(-1)!;
  assert.ok(v1 - v0 < (spans[0]!.endNs - spans[0]!.startNs) / 4, `ten wheel steps did not zoom in: ${JSON.stringify((await viewports()).map(([a, b]) => (b - a) / 1e9))}`);
  await screenshot(page, 'flame-10k-zoomed.png');
  t.diagnostic(`10k spans: first frame ${first.toFixed(1)} ms, zoom/pan step incl. round trip ${perStep.toFixed(1)} ms`);
  assert.ok(first < 2000, `first render of 10k spans took ${first} ms`);
  assert.deepEqual(errors, []);
});

test('screenshot of the agent trace (dark)', async () => {
  await openGraph(DARK, FIXTURE, { width: 1000, height: 200 });
  const p = await inBar('llm1', 0.9);
  await page.mouse.click(p.x, p.y);
  const h = await inBar('toolB', 0.6);
  await page.mouse.move(h.x, h.y);
  await frame();
  const file = await screenshot(page, 'flame-dark.png');
  assert.ok(file.endsWith('flame-dark.png'));
  assert.deepEqual(errors, []);
});
