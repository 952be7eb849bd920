// Flame graph benchmark (part of `npm run bench`): in headless Chromium, time to first render of
// synthetic agent traces (1k and 10k spans) with our canvas timeline and, in the same run and
// page, with d3-flame-graph 5 (SVG) rendering the same spans as its {name, value, children}
// tree. Time to first render = from setSpans (d3-flame-graph: chart()) to the end of the first
// frame drawn: a requestAnimationFrame after the call, then a message posted from it, which runs
// once that frame's style, layout and paint are done. Runs alternate between the two renderers;
// one warm-up run of each is not counted; medians are reported.
//
// Prints only the result JSON to stdout and writes it to .bench/flame.json; when
// .bench/results.json exists (the ingest benchmark ran first in `npm run bench`) the same object
// is added to it under "flame". Progress goes to stderr.
//
// Environment (optional): FLAME_BENCH_REPS=7  FLAME_BENCH_SIZES=1000,10000
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { layoutSpans } from '../../webview/src/flame/layout';
import { ROOT, bundleForBrowser, collectPageErrors, launchBrowser } from '../helpers/browser';
import type { BenchRun, FlameBenchWindow } from './flame-bench-api';
import { syntheticTrace } from './flame-synthetic';

const FLAME_RESULTS = path.join(ROOT, '.bench', 'flame.json');
const RESULTS = path.join(ROOT, '.bench', 'results.json');
const WIDTH = 1200;
const HEIGHT = 600;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

const CONFIG = {
  reps: envInt('FLAME_BENCH_REPS', 7),
  sizes: (process.env.FLAME_BENCH_SIZES ?? '1000,10000').split(',').map((s) => Number(s.trim())),
  width: WIDTH,
  height: HEIGHT,
  deviceScaleFactor: 1,
  seed: 7,
};

function log(msg: string): void {
  process.stderr.write(`[flame-bench] ${msg}\n`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const round = (n: number, d = 2): number => Number(n.toFixed(d));

async function main(): Promise<void> {
  const t0 = performance.now();
  const { js, css } = await bundleForBrowser(path.join(ROOT, 'test/bench/flame-bench-page.browser.ts'));
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: WIDTH + 40, height: HEIGHT + 40 }, deviceScaleFactor: CONFIG.deviceScaleFactor });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.setContent('<!doctype html><html><body style="margin:0"></body></html>');
    await page.addStyleTag({ content: css });
    await page.addScriptTag({ content: js });

    const sizes = [];
    for (const size of CONFIG.sizes) {
      const spans = syntheticTrace(size, CONFIG.seed);
      const rows = layoutSpans(spans).rows.length;
      const ours: BenchRun[] = [];
      const theirs: BenchRun[] = [];
      const runOurs = () => page.evaluate(([sp, w, h]) => (globalThis as unknown as FlameBenchWindow).flameBench.ours(sp, w, h), [spans, WIDTH, HEIGHT] as const);
      const runTheirs = () => page.evaluate(([sp, w]) => (globalThis as unknown as FlameBenchWindow).flameBench.d3FlameGraph(sp, w), [spans, WIDTH] as const);
      log(`${size} spans (${rows} rows): warm-up`);
      await runOurs();
      await runTheirs();
      for (let i = 0; i < CONFIG.reps; i++) {
        // Alternate which goes first, so neither always runs on a freshly collected heap.
        if (i % 2 === 0) {
          ours.push(await runOurs());
          theirs.push(await runTheirs());
        } else {
          theirs.push(await runTheirs());
          ours.push(await runOurs());
        }
        log(`${size} spans, run ${i + 1}/${CONFIG.reps}: ours ${ours.at(-1)!.ms.toFixed(1)} ms, d3-flame-graph ${theirs.at(-1)!.ms.toFixed(1)} ms`);
      }
      if (!ours.every((r) => r.drawn) || !theirs.every((r) => r.drawn)) throw new Error(`${size} spans: a renderer drew nothing`);
      const oursMs = median(ours.map((r) => r.ms));
      const theirsMs = median(theirs.map((r) => r.ms));
      sizes.push({
        spans: size,
        rows,
        ours: { medianMs: round(oursMs), runsMs: ours.map((r) => round(r.ms)), domElements: ours[0]!.elements },
        d3FlameGraph: {
          medianMs: round(theirsMs),
          runsMs: theirs.map((r) => round(r.ms)),
          convertMedianMs: round(median(theirs.map((r) => r.convertMs ?? 0))),
          svgFrames: theirs[0]!.frames ?? 0,
          domElements: theirs[0]!.elements,
        },
        ratioOursToD3FlameGraph: round(oursMs / theirsMs, 4),
      });
    }
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);

    const result = {
      benchmark: 'llm-trace-lens flame graph',
      at: new Date().toISOString(),
      node: process.version,
      chromium: browser.version(),
      config: CONFIG,
      measure: 'setSpans (d3-flame-graph: chart()) to the end of the first frame drawn (rAF, then a posted message), median of reps',
      sizes,
      totalSeconds: round((performance.now() - t0) / 1000, 1),
    };
    const json = JSON.stringify(result, null, 2);
    await fs.mkdir(path.dirname(FLAME_RESULTS), { recursive: true });
    await fs.writeFile(FLAME_RESULTS, json + '\n');
    if (existsSync(RESULTS)) {
      const all = JSON.parse(await fs.readFile(RESULTS, 'utf8')) as Record<string, unknown>;
      all.flame = result;
      await fs.writeFile(RESULTS, JSON.stringify(all, null, 2) + '\n');
    }
    process.stdout.write(json + '\n');
    for (const s of sizes) log(`${s.spans} spans: ours ${s.ours.medianMs} ms, d3-flame-graph ${s.d3FlameGraph.medianMs} ms, ratio ${s.ratioOursToD3FlameGraph}`);
    log(`done in ${result.totalSeconds}s; written to ${path.relative(ROOT, FLAME_RESULTS)}`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[flame-bench] failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
