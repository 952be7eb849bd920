// The load generator of the ingest benchmark, run as its own process so that it does not share
// an event loop (or a CPU time budget) with the receiver or the orchestrator:
//
//   node --import tsx test/bench/ingest-client.ts '<ClientConfig JSON>'
//
// Keeps `concurrency` OTLP/HTTP protobuf exports in flight on keep-alive connections. Writes JSON
// lines to stdout ({type:'started'} when the load begins, {type:'result'} at the end, see
// ClientMessage); progress goes to stderr.
import http from 'node:http';
import {
  buildTemplates,
  materialize,
  nowNanos,
  templatesHash,
  type ClientConfig,
  type ClientMessage,
  type ClientResult,
} from './payload';

function send(msg: ClientMessage): void {
  process.stdout.write(JSON.stringify(msg) + '\n');
}

function parseConfig(): ClientConfig {
  const raw = process.argv[2];
  if (!raw) throw new Error('usage: ingest-client.ts <config JSON>');
  return JSON.parse(raw) as ClientConfig;
}

interface Answer {
  status: number;
}

function post(agent: http.Agent, url: URL, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: '/v1/traces',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
      },
      (res) => {
        res.on('error', reject);
        res.on('data', () => undefined);
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const cfg = parseConfig();
  const templates = buildTemplates(cfg.seed, cfg.templates);
  const url = new URL(cfg.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.concurrency });
  const result: ClientResult = {
    label: cfg.label,
    templatesHash: templatesHash(templates),
    windowMs: 0,
    window: { requests: 0, acked: 0, ackedSpans: 0, ackedBytes: 0, latenciesMs: [] },
    totals: {
      requests: 0,
      acked: 0,
      ackedSpans: 0,
      ackedBytes: 0,
      answeredBytes: 0,
      statuses: {},
      networkErrors: 0,
      firstError: null,
    },
    perSecondAckedSpans: [],
    nextSeq: cfg.seqStart,
  };

  const start = performance.now();
  const mode = cfg.mode;
  const windowStart = mode.kind === 'duration' ? start + mode.warmupMs : start;
  const windowEnd = mode.kind === 'duration' ? windowStart + mode.durationMs : Infinity;
  let seq = cfg.seqStart;
  let issued = 0;
  const more = (): boolean =>
    mode.kind === 'duration' ? performance.now() < windowEnd : issued < mode.count;

  send({ type: 'started', atMs: Date.now() });
  const progress = setInterval(() => {
    const s = (performance.now() - start) / 1000;
    process.stderr.write(
      `  [${cfg.label}] ${s.toFixed(0)}s: ${result.totals.acked} acked (${result.totals.ackedSpans} spans), ` +
        `${(result.totals.ackedSpans / s).toFixed(0)} spans/s, statuses ${JSON.stringify(result.totals.statuses)}\n`,
    );
  }, 5000);

  const worker = async (): Promise<void> => {
    while (more()) {
      issued++;
      const n = seq++;
      const t = templates[n % templates.length]!;
      const body = materialize(t, n, nowNanos());
      const t0 = performance.now();
      result.totals.requests++;
      let answer: Answer;
      try {
        answer = await post(agent, url, body);
      } catch (err) {
        result.totals.networkErrors++;
        result.totals.firstError ??= (err as Error).message;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const t1 = performance.now();
      const key = String(answer.status);
      result.totals.statuses[key] = (result.totals.statuses[key] ?? 0) + 1;
      result.totals.answeredBytes += body.length;
      const inWindow = t0 >= windowStart && t1 <= windowEnd;
      if (inWindow) result.window.requests++;
      if (answer.status !== 200) {
        // 503 = backpressure: back off briefly like an SDK exporter would, then go on.
        if (answer.status === 503 || answer.status === 429) await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      result.totals.acked++;
      result.totals.ackedSpans += t.spans;
      result.totals.ackedBytes += body.length;
      const sec = Math.floor((t1 - start) / 1000);
      while (result.perSecondAckedSpans.length <= sec) result.perSecondAckedSpans.push(0);
      result.perSecondAckedSpans[sec] = (result.perSecondAckedSpans[sec] ?? 0) + t.spans;
      if (t1 >= windowStart && t1 <= windowEnd) {
        result.window.acked++;
        result.window.ackedSpans += t.spans;
        result.window.ackedBytes += body.length;
        result.window.latenciesMs.push(Math.round((t1 - t0) * 1000) / 1000);
      }
    }
  };
  await Promise.all(Array.from({ length: cfg.concurrency }, () => worker()));
  clearInterval(progress);
  const end = performance.now();
  result.windowMs = mode.kind === 'duration' ? Math.min(end, windowEnd) - windowStart : end - start;
  result.nextSeq = seq;
  agent.destroy();
  send({ type: 'result', result });
}

main().catch((err: unknown) => {
  process.stderr.write(`ingest-client: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
