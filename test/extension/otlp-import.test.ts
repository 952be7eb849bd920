// Import of OTLP/JSON files through the query client, as the Import command runs it: JSON Lines
// and one pretty-printed document, progress by lines and bytes, non-OTLP lines skipped, errors
// with their line, cancellation between documents.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TraceListResponse } from '../../receiver/src/contract/api';
import { ReceiverClient } from '../../receiver/src/contract/client';
import { importOtlpFile, type ImportProgress } from '../../extension/src/otlp-import';
import { otlpDocuments } from '../../receiver/src/otlp/otlp-file';
import { getJson, removeDir, startReceiverProcess, tempDir, type ReceiverProcess } from '../helpers/receiver-process';
import { hexId, tracesJson } from '../helpers/otlp-payloads';

const logsDoc = { resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: { name: 't' }, logRecords: [{ timeUnixNano: String(Date.now() * 1e6), body: { stringValue: 'hello' } }] }] }] };

describe('OTLP/JSON import', () => {
  let rx: ReceiverProcess;
  let dir: string;
  before(async () => {
    rx = await startReceiverProcess({ args: ['--gpu-interval-ms', '0'] });
    dir = await tempDir();
  });
  after(async () => {
    await rx.stop();
    await removeDir(rx.dataDir);
    await removeDir(dir);
  });

  it('imports JSON Lines with progress, skipping lines that are not OTLP', async () => {
    const ids = [hexId(16), hexId(16), hexId(16)];
    const file = path.join(dir, 'collector.jsonl');
    const lines = [...ids.map((id) => JSON.stringify(tracesJson([{ traceId: id, name: `imported ${id}` }]))), '', JSON.stringify(logsDoc), '{"not":"otlp"}'];
    await writeFile(file, lines.join('\n') + '\n');
    const client = new ReceiverClient(rx.base);
    const progress: (ImportProgress & { documents: number })[] = [];
    const result = await importOtlpFile(file, (s, b) => client.postOtlpJson(s, b), (p) => progress.push(p));
    assert.deepEqual(result, { sent: { traces: 3, logs: 1, metrics: 0 }, skipped: 1, cancelled: false });
    assert.deepEqual(progress.map((p) => p.documents), [1, 2, 3, 4]);
    assert.ok(progress.every((p, i) => i === 0 || p.bytesRead >= progress[i - 1]!.bytesRead));
    assert.equal(progress.at(-1)!.totalBytes, Buffer.byteLength(lines.join('\n') + '\n'));
    const list = await getJson<TraceListResponse>(`${rx.base}/api/traces?limit=1000`);
    for (const id of ids) assert.ok(list.traces.some((t) => t.traceId === id), id);
  });

  it('imports one pretty-printed document', async () => {
    const id = hexId(16);
    const file = path.join(dir, 'pretty.json');
    await writeFile(file, JSON.stringify(tracesJson([{ traceId: id, name: 'pretty' }]), null, 2));
    const docs = [];
    for await (const d of otlpDocuments(file)) docs.push(d);
    assert.equal(docs.length, 1);
    assert.equal(docs[0]!.signal, 'traces');
    const client = new ReceiverClient(rx.base);
    const result = await importOtlpFile(file, (s, b) => client.postOtlpJson(s, b), () => {});
    assert.equal(result.sent.traces, 1);
    const detail = await client.trace(id);
    assert.equal(detail.summary.rootName, 'pretty');
  });

  it('names the line the receiver refused, and stops when cancelled', async () => {
    const file = path.join(dir, 'bad.jsonl');
    const good = JSON.stringify(tracesJson([{ name: 'ok' }]));
    const bad = JSON.stringify({ resourceSpans: 'nope' });
    await writeFile(file, `${good}\n${bad}\n${good}\n`);
    const client = new ReceiverClient(rx.base);
    await assert.rejects(importOtlpFile(file, (s, b) => client.postOtlpJson(s, b), () => {}), /^Error: line 2: 400/);

    let sent = 0;
    const result = await importOtlpFile(file, async () => void sent++, () => {}, () => sent >= 1);
    assert.equal(result.cancelled, true);
    assert.equal(result.sent.traces, 1);
  });
});
