// The cost CSV (DOM-free, shared by the browser page and the extension host): RFC 4180 quoting
// and defused spreadsheet formulas; and the dashboard's ranges as query bounds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LlmCallRow } from '../../receiver/src/contract/model';
import { costRangeQuery, localMidnight } from '../../webview/src/cost/cost-range';
import { COST_CSV_COLUMNS, costCsv, csvCell, isCostedCall } from '../../webview/src/cost/csv';

function row(over: Partial<LlmCallRow>): LlmCallRow {
  return {
    traceId: 'ab'.repeat(16),
    spanId: 'cd'.repeat(8),
    name: 'chat gpt-4o',
    service: 'planner',
    startTimeUnixNano: String(BigInt(Date.UTC(2026, 10, 30, 12, 0, 0, 250)) * 1_000_000n + 123n),
    hasError: false,
    spanClass: 'llm',
    operation: 'chat',
    provider: 'openai',
    model: 'gpt-4o',
    inputTokens: 1000,
    outputTokens: 100,
    costUsd: 0.0035,
    costSource: 'computed',
    durationMs: 912.5,
    conventions: [],
    ...over,
  };
}

describe('cost CSV', () => {
  it('quotes commas, quotes and line breaks, and leaves plain text alone', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('line1\nline2'), '"line1\nline2"');
    assert.equal(csvCell('cr\rhere'), '"cr\rhere"');
    assert.equal(csvCell(undefined), '');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(0), '0');
    assert.equal(csvCell(-1.5), '-1.5', 'a number is data, never defused');
  });

  it("prefixes text that a spreadsheet would run as a formula with '", () => {
    assert.equal(csvCell('=1+1'), "'=1+1");
    assert.equal(csvCell('+SUM(A1:A2)'), "'+SUM(A1:A2)");
    assert.equal(csvCell('-2+3'), "'-2+3");
    assert.equal(csvCell('@cmd'), "'@cmd");
    assert.equal(csvCell('\tTAB'), "'\tTAB");
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`, 'defused and quoted');
    assert.equal(csvCell('a=b'), 'a=b', 'only a leading sign matters');
  });

  it('writes a header and one CRLF row per call in the documented columns', () => {
    const csv = costCsv([
      row({}),
      row({ service: 'svc, "x"', model: '=1+1', provider: undefined, costUsd: null, costSource: 'unknown-model', inputTokens: undefined, name: 'multi\nline' }),
    ]);
    const lines = csv.split('\r\n');
    assert.equal(lines.at(-1), '', 'ends with a line break');
    assert.equal(lines[0], COST_CSV_COLUMNS.join(','));
    assert.equal(lines[0], 'start,trace id,span id,service,model,provider,operation,input tokens,output tokens,cost usd,cost source,duration ms');
    assert.equal(lines[1], `2026-11-30T12:00:00.250Z,${'ab'.repeat(16)},${'cd'.repeat(8)},planner,gpt-4o,openai,chat,1000,100,0.0035,computed,912.5`);
    assert.equal(lines[2], `2026-11-30T12:00:00.250Z,${'ab'.repeat(16)},${'cd'.repeat(8)},"svc, ""x""",'=1+1,,chat,,100,,unknown-model,912.5`);
    assert.equal(lines.length, 4);
  });

  it('counts LLM and embedding calls only, as the dashboard does', () => {
    assert.deepEqual(
      (['llm', 'embedding', 'tool', 'agent', 'other'] as const).map((spanClass) => isCostedCall({ spanClass })),
      [true, true, false, false, false],
    );
  });
});

describe('cost ranges', () => {
  const now = new Date(2026, 10, 30, 15, 30, 0).getTime();
  it('maps each range to query bounds', () => {
    assert.deepEqual(costRangeQuery('session', now, now - 5000), { from: now - 5000, to: now });
    assert.deepEqual(costRangeQuery('hour', now, 0), { from: now - 3_600_000, to: now });
    assert.deepEqual(costRangeQuery('today', now, 0), { from: new Date(2026, 10, 30).getTime(), to: now });
    assert.deepEqual(costRangeQuery('all', now, 0), {});
    assert.equal(localMidnight(now), new Date(2026, 10, 30, 0, 0, 0).getTime());
  });
});
