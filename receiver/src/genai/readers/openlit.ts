// OpenLIT: gen_ai.usage.cost (USD), gen_ai.server.time_to_first_token (s), older
// gen_ai.application_name / gen_ai.endpoint, total tokens also as gen_ai.client.token.usage.
// Its message attributes and events follow OpenTelemetry and are read by those readers.
import { compact, type Found, type Reader } from '../found';
import { num, str } from '../values';

export const openLit: Reader = {
  convention: 'openlit',
  detect: (input) =>
    input.attrs.has('gen_ai.usage.cost') ||
    input.attrs.has('gen_ai.application_name') ||
    input.attrs.has('gen_ai.endpoint') ||
    input.attrs.has('gen_ai.server.time_to_first_token'),
  read(input) {
    const a = input.attrs;
    const found: Found = {};
    const cost = num(a.get('gen_ai.usage.cost'));
    if (cost !== undefined) found.reportedCostUsd = { usd: cost, attribute: 'gen_ai.usage.cost' };
    const ttft = num(a.get('gen_ai.server.time_to_first_token'));
    if (ttft !== undefined && ttft > 0) found.ttftMs = ttft * 1000;
    const total = num(a.get('gen_ai.client.token.usage')) ?? num(a.get('gen_ai.usage.total_tokens'));
    if (total !== undefined) found.tokens = { total };
    const endpoint = str(a.get('gen_ai.endpoint'));
    if (endpoint) found.operation = endpoint;
    return compact(found);
  },
};
