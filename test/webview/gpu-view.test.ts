// The GPU panel (/ui/gpu) and the GPU band under a trace's flame graph, in headless Chromium
// against real receivers that sample two "GPUs" through a fake nvidia-smi on their PATH
// (test/helpers/fake-gpu-tools.ts); LLM calls sent by the OpenTelemetry JS SDK. Also the states
// without a GPU: sampling off, and no tool found.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { Browser, Page } from 'playwright-core';
import type { GpuResponse, LlmCallsResponse } from '../../receiver/src/contract/api';
import type { RulesConfig } from '../../receiver/src/contract/warnings';
import { launchBrowser, openPage, screenshot, type ProbedPage } from '../helpers/browser';
import { fakeGpuTools, nvidiaLine, printLines, SLEEP, type FakeTools } from '../helpers/fake-gpu-tools';
import { traceExporter, tracerProvider } from '../helpers/otel-sdk';
import { eventually, getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';

/** Page-side globals the tests touch; the test project is compiled without DOM types. */
interface PageDom {
  document: { querySelector(q: string): { getAttribute(n: string): string | null } | null; body: unknown };
  getComputedStyle(e: unknown): { color: string; strokeDasharray: string; getPropertyValue(n: string): string };
}


const UUID0 = 'GPU-726880a0-1318-6482-1847-a28cfeff43e2';
const UUID1 = 'GPU-0b5ab5f1-77c9-4b8e-9d0c-1f3e2d4c5b6a';

/** Two GPUs in loop mode (an iteration every 200 ms): GPU 0 busy and varying, GPU 1 with [N/A]s. */
const TWO_GPUS = `
if [ "$Q" = apps ]; then
  ${printLines([`${UUID0}, 410, python3 serve.py, 30512`, `${UUID1}, 411, python3 -m vllm.entrypoints.openai.api_server, 2048`])}
  exit 0
fi
emit() {
  u=$(( 40 + (n * 37) % 61 )); m=$(( 30000 + (n % 9) * 1500 )); t=$(( 60 + n % 8 )); p=$(( 380 + (n * 53) % 300 ))
  printf '%s\\n' "${nvidiaLine({ index: 0, uuid: UUID0, name: 'NVIDIA H100 80GB HBM3', driver_version: '580.159.04', 'utilization.gpu': '$u', 'utilization.memory': 30, 'memory.total': 81559, 'memory.used': '$m', 'memory.free': 50000, 'temperature.gpu': '$t', 'power.draw': '$p', 'power.limit': '700.00', 'clocks.current.sm': 1980, 'clocks.current.memory': 2619, pstate: 'P0' })}" \\
    "${nvidiaLine({ index: 1, uuid: UUID1, name: 'NVIDIA H100 80GB HBM3', driver_version: '580.159.04', 'utilization.gpu': '[N/A]', 'utilization.memory': '[Not Supported]', 'memory.total': 81559, 'memory.used': 2048, 'temperature.gpu': 34, 'clocks.current.sm': 345, pstate: 'P8' })}"
}
case "$*" in
  *--loop-ms=200*) while :; do emit; n=$((n + 1)); ${SLEEP} 0.2; done ;;
  *) emit ;;
esac
`;

async function sendCall(rx: ReceiverProcess, model: string, startMs: number, ms: number): Promise<{ traceId: string; spanId: string }> {
  const provider = tracerProvider(traceExporter('http/protobuf', rx.httpPort, 0), 'local-inference');
  const tracer = provider.getTracer('gpu-view-test');
  const root = tracer.startSpan('answer question', { startTime: new Date(startMs) });
  const span = tracer.startSpan(
    `chat ${model}`,
    {
      kind: SpanKind.CLIENT,
      startTime: new Date(startMs + 5),
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'vllm',
        'gen_ai.request.model': model,
        'gen_ai.usage.input_tokens': 600,
        'gen_ai.usage.output_tokens': 250,
      },
    },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  span.end(new Date(startMs + ms));
  root.end(new Date(startMs + ms + 5));
  await provider.forceFlush();
  await provider.shutdown();
  return { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
}

const card = (page: Page, uuid: string) => page.locator(`.gpu-card[data-device="nvidia-smi:${uuid}"]`);

describe('GPU panel (/ui/gpu) with two sampled GPUs', () => {
  let browser: Browser;
  let tools: FakeTools;
  let rx: ReceiverProcess;
  let rules: RulesConfig;
  let call: { traceId: string; spanId: string };
  const pages: ProbedPage[] = [];

  before(async () => {
    browser = await launchBrowser();
    tools = await fakeGpuTools({ 'nvidia-smi': TWO_GPUS });
    rx = await startReceiverProcess({ env: tools.env, args: ['--gpu-interval-ms', '200', '--gpu-timeout-ms', '700', '--grpc-port', '0', '--rule', 'gpuUtilizationPct=90', '--rule', 'gpuTemperatureC=80'] });
    await eventually(async () => (await getJson<GpuResponse>(`${rx.base}/api/gpu`)).latest.length === 2 || undefined);
    // Let some history build up, then a call in the sampled window.
    await new Promise((r) => setTimeout(r, 2500));
    call = await sendCall(rx, 'llama-3.1-8b-instruct', Date.now() - 1800, 1500);
    await eventually(async () => (await getJson<LlmCallsResponse>(`${rx.base}/api/llm-calls`)).calls.some((c) => c.spanId === call.spanId) || undefined);
    rules = await getJson<RulesConfig>(`${rx.base}/api/rules`);
  });
  after(async () => {
    for (const p of pages) assert.deepEqual(p.errors, [], 'no console errors or page errors');
    await browser?.close();
    await rx?.stop();
    if (rx) await removeDir(rx.dataDir);
    await tools?.remove();
  });

  const open = async (path: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> => {
    const p = await openPage(browser, `${rx.base}${path}`, { colorScheme, viewport: { width: 1280, height: 1100 } });
    pages.push(p);
    return p.page;
  };

  it('draws utilisation, memory, temperature and power per GPU with the thresholds, and lists the processes', async () => {
    const page = await open('/ui/gpu');
    await page.waitForSelector('.gpu-card .metric-line');
    assert.equal(await page.locator('.gpu-card').count(), 2);
    const g0 = card(page, UUID0);
    assert.match(await g0.locator('.gpu-card-head').innerText(), /GPU 0 · NVIDIA H100 80GB HBM3[\s\S]*nvidia-smi[\s\S]*util \d+ %[\s\S]*mem [\d.]+ GiB \/ 80 GiB/);
    assert.deepEqual(await g0.locator('.metric').evaluateAll((ms) => ms.map((m) => m.getAttribute('data-metric'))), ['util', 'mem', 'temp', 'power']);
    for (const metric of ['util', 'mem', 'temp', 'power']) {
      const d = await g0.locator(`.metric[data-metric="${metric}"] path.metric-line`).getAttribute('d');
      assert.ok(d && d.length > 20 && d.startsWith('M'), `${metric} line drawn: ${d}`);
    }
    const threshold = async (metric: string, kind: string): Promise<number> =>
      Number(await g0.locator(`.metric[data-metric="${metric}"] .threshold-${kind}`).getAttribute('data-value'));
    assert.equal(await threshold('util', 'warning'), rules.gpuUtilizationPct);
    assert.equal(await threshold('temp', 'warning'), rules.gpuTemperatureC);
    assert.ok(Math.abs((await threshold('mem', 'warning')) - ((81559 / 1024) * rules.gpuMemoryPct!) / 100) < 1e-9);
    assert.equal(await threshold('power', 'limit'), 700);
    assert.match((await g0.locator('.metric[data-metric="util"] .threshold').textContent()) ?? '', /warn > 90 %/);
    assert.equal(await g0.locator('.threshold line').count(), 4, 'one dashed line per chart');
    assert.equal(await g0.locator('.threshold line').first().evaluate((l) => (globalThis as unknown as PageDom).getComputedStyle(l).strokeDasharray), '5px, 4px');

    // GPU 1 reports no utilisation or power: said, not drawn as 0.
    const g1 = card(page, UUID1);
    assert.match(await g1.locator('.metric[data-metric="util"] .chart-missing').textContent() ?? '', /utilisation not reported by nvidia-smi/);
    assert.equal(await g1.locator('.metric[data-metric="util"] .metric-now').innerText(), '—');
    assert.ok(((await g1.locator('.metric[data-metric="mem"] path.metric-line').getAttribute('d')) ?? '').length > 20);

    const procs = await page.locator('.gpu-processes tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(procs, [
      ['GPU 0', '410', 'python3 serve.py', '30,512 MiB'],
      ['GPU 1', '411', 'python3 -m vllm.entrypoints.openai.api_server', '2,048 MiB'],
    ]);
    await screenshot(page, 'gpu-light.png');
    const dark = await open('/ui/gpu', 'dark');
    await dark.waitForSelector('.gpu-card .call-marker');
    await screenshot(dark, 'gpu-dark.png');
  });

  it('marks LLM calls on the time axis: hover says what it was, click opens it', async () => {
    const page = await open('/ui/gpu');
    const marker = card(page, UUID0).locator(`.metric[data-metric="util"] .call-marker[data-span-id="${call.spanId}"]`);
    await marker.waitFor();
    assert.equal(await page.locator(`.call-marker[data-span-id="${call.spanId}"]`).count(), 8, 'on every chart of both GPUs');
    await marker.hover();
    const tip = page.locator('.chart-tooltip');
    await tip.waitFor();
    assert.match(await tip.innerText(), /chat llama-3\.1-8b-instruct[\s\S]*llama-3\.1-8b-instruct · 1\.50 s/);

    // A call that arrives while the panel is open is marked too (gpu-calls).
    const later = await sendCall(rx, 'qwen2.5-7b', Date.now() - 600, 400);
    await page.waitForSelector(`.metric[data-metric="util"] .call-marker[data-span-id="${later.spanId}"]`, { timeout: 10_000 });

    await page.locator(`.metric[data-metric="util"] .call-marker[data-span-id="${call.spanId}"]`).first().click();
    await page.waitForURL(`**/ui/trace/${call.traceId}?span=${call.spanId}`);
    await page.waitForSelector('.trace-header');
  });

  it('follows live samples and keeps the chosen window over a reload', async () => {
    const page = await open('/ui/gpu');
    const line = card(page, UUID0).locator('.metric[data-metric="util"] path.metric-line');
    await line.waitFor();
    const points = async (): Promise<number> => ((await line.getAttribute('d')) ?? '').split(/[MLC]/).length;
    const before = await points();
    await page.waitForFunction(
      ([n]) => ((globalThis as unknown as PageDom).document.querySelector('.gpu-card .metric[data-metric="util"] path.metric-line')?.getAttribute('d') ?? '').split(/[MLC]/).length > n!,
      [before],
      { timeout: 10_000 },
    );
    assert.equal(await page.locator('.seg[aria-pressed="true"]').innerText(), '15 min');
    await page.locator('.seg[data-minutes="5"]').click();
    assert.equal(await page.locator('.seg[aria-pressed="true"]').innerText(), '5 min');
    await page.reload();
    await page.waitForSelector('.gpu-card .metric-line');
    assert.equal(await page.locator('.seg[aria-pressed="true"]').getAttribute('data-minutes'), '5');
  });

  it('shows the GPU band under the flame graph of a trace inside the sampled window', async () => {
    const page = await open(`/ui/trace/${call.traceId}`);
    await page.waitForSelector('.trace-header');
    const band = page.locator('.gpu-band');
    await band.locator('.band-area').waitFor();
    assert.equal(await band.getAttribute('data-devices'), '1', 'only GPU 0 reports utilisation');
    assert.ok(((await band.locator('.band-area').getAttribute('d')) ?? '').length > 10);
    assert.match(await band.innerText(), /GPU 0 util · peak \d+ %/);
    // Aligned with the flame graph: same left edge and width.
    const [f, b] = await Promise.all([page.locator('.flame-box').boundingBox(), band.boundingBox()]);
    assert.ok(f && b && Math.abs(f.x - b.x) < 1 && Math.abs(f.width - b.width) < 1 && b.y >= f.y + f.height - 1, JSON.stringify({ f, b }));
    await page.locator('.flame-box').screenshot({ path: 'test-artifacts/screenshots/gpu-band-flame.png' });
    await screenshot(page, 'gpu-band-trace.png');
  });
});

describe('GPU panel without a GPU', () => {
  let browser: Browser;
  let off: ReceiverProcess;
  let none: ReceiverProcess;
  let tools: FakeTools;
  const pages: ProbedPage[] = [];
  before(async () => {
    browser = await launchBrowser();
    tools = await fakeGpuTools({});
    [off, none] = await Promise.all([
      startReceiverProcess({ args: ['--gpu-interval-ms', '0', '--grpc-port', '0'] }),
      startReceiverProcess({ env: tools.env, args: ['--grpc-port', '0'] }),
    ]);
  });
  after(async () => {
    for (const p of pages) assert.deepEqual(p.errors, [], 'no console errors or page errors');
    await browser?.close();
    await Promise.all([off?.stop(), none?.stop()]);
    for (const rx of [off, none]) if (rx) await removeDir(rx.dataDir);
    await tools?.remove();
  });

  it('says sampling is off, or that no supported GPU was found, without error styling', async () => {
    const a = await openPage(browser, `${off.base}/ui/gpu`);
    pages.push(a);
    const offState = a.page.locator('.gpu-state[data-sampler="off"]');
    await offState.waitFor();
    assert.match(await offState.innerText(), /GPU sampling is off[\s\S]*llmTraceLens\.gpu\.intervalMs/);
    const state = (await getJson<GpuResponse>(`${off.base}/api/gpu`)).state;
    assert.ok((await offState.innerText()).includes(state.message));
    assert.equal(await a.page.locator('.gpu-card').count(), 0);

    await eventually(async () => (await getJson<GpuResponse>(`${none.base}/api/gpu`)).state.sampler === 'none' || undefined);
    const b = await openPage(browser, `${none.base}/ui/gpu`, { colorScheme: 'dark' });
    pages.push(b);
    const noneState = b.page.locator('.gpu-state[data-sampler="none"]');
    await noneState.waitFor();
    assert.match(await noneState.innerText(), /No supported GPU found[\s\S]*nvidia-smi[\s\S]*rocm-smi/);
    const color = await noneState.evaluate((n) => (globalThis as unknown as PageDom).getComputedStyle(n).color);
    const errorColor = await b.page.evaluate(() => (globalThis as unknown as PageDom).getComputedStyle((globalThis as unknown as PageDom).document.body).getPropertyValue('--vscode-errorForeground').trim());
    assert.notEqual(color, errorColor);
    await screenshot(b.page, 'gpu-none-dark.png');
    await screenshot(a.page, 'gpu-off-light.png');
  });
});
