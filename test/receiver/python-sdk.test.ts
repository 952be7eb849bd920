// The OpenTelemetry Python SDK, as Python apps use it: gRPC (the Python default) and
// HTTP/protobuf with gzip, traces plus a log record linked to the LLM span.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TraceDetailResponse } from '../../receiver/src/contract/api';
import { runPython } from '../helpers/python';
import { getJson, removeDir, startReceiverProcess, type ReceiverProcess } from '../helpers/receiver-process';

describe('OpenTelemetry Python SDK → receiver', () => {
  let rx: ReceiverProcess;
  before(async () => {
    rx = await startReceiverProcess();
  });
  after(async () => {
    await rx.stop();
    await removeDir(rx.dataDir);
  });

  for (const protocol of ['grpc', 'http'] as const) {
    it(`receives spans and logs over ${protocol}`, async () => {
      const endpoint = protocol === 'grpc' ? `http://127.0.0.1:${rx.grpcPort}` : rx.base;
      const sent = JSON.parse(await runPython('send_otlp.py', [protocol, endpoint])) as {
        trace_id: string;
        span_ids: { root: string; llm: string };
      };
      const detail = await getJson<TraceDetailResponse>(`${rx.base}/api/traces/${sent.trace_id}`);
      assert.equal(detail.summary.rootName, 'agent run');
      assert.equal(detail.summary.service, `python-${protocol}`);
      const llm = detail.spans.find((s) => s.spanId === sent.span_ids.llm)!;
      assert.equal(llm.parentSpanId, sent.span_ids.root);
      assert.equal(llm.kind, 3);
      const attrs = Object.fromEntries(llm.attributes.map((a) => [a.key, a.value]));
      assert.deepEqual(attrs['gen_ai.request.model'], { stringValue: 'llama3' });
      assert.deepEqual(attrs['gen_ai.usage.input_tokens'], { intValue: '12' });
      assert.deepEqual(attrs['gen_ai.request.temperature'], { doubleValue: 0.7 });
      assert.deepEqual(attrs['gen_ai.response.finish_reasons'], { arrayValue: { values: [{ stringValue: 'stop' }] } });
      assert.equal(llm.scope.name, 'python-test');
      assert.equal(llm.logs.length, 1, 'log record linked to the span that was current');
      const body = llm.logs[0]!.body!;
      assert.ok('kvlistValue' in body);
      assert.deepEqual(body.kvlistValue.values[0], { key: 'content', value: { stringValue: 'Why is the sky blue?' } });
    });
  }
});
